package dev.signet.keyring.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API of the key ring. */
@QuarkusTest
class KeysAdminApiTest {

  private static final String POLICY =
      "{\"algorithm\":\"RS256\",\"rsa_key_size\":3072,\"rotation_interval_seconds\":2592000,"
          + "\"pre_publish_seconds\":86400,\"grace_period_seconds\":%d,"
          + "\"jwks_cache_max_age_seconds\":600,\"jwks_cache_margin_seconds\":300}";

  @Inject KeyringFixtures fixtures;
  @Inject TestTokens tokens;

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  static Stream<Arguments> adminCalls() {
    return Stream.of(
        Arguments.of("GET", "/v1/keys", null),
        Arguments.of("GET", "/v1/keys/some-kid", null),
        Arguments.of("POST", "/v1/keys/rotate", null),
        Arguments.of("POST", "/v1/keys/some-kid/retire", null),
        Arguments.of("POST", "/v1/keys/some-kid/revoke", "{\"reason\":\"x\"}"),
        Arguments.of("POST", "/v1/keys/rewrap", null),
        Arguments.of("GET", "/v1/keys/jwks-preview", null),
        Arguments.of("GET", "/v1/keys/policy", null),
        Arguments.of("PUT", "/v1/keys/policy", String.format(POLICY, 864000)));
  }

  @ParameterizedTest
  @MethodSource("adminCalls")
  void everyAdminCallWithoutATokenIs401(String method, String path, String body) {
    request(given(), body)
        .request(method, path)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .contentType("application/problem+json");
  }

  @ParameterizedTest
  @MethodSource("adminCalls")
  void everyAdminCallWithoutTheScopeIs403(String method, String path, String body) {
    request(given().auth().oauth2(tokens.bearer("bob", "signet:tokens:admin")), body)
        .request(method, path)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void listShowsStatesAndDatesButNoPrivateMaterial() {
    fixtures.rotate();
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys")
        .then()
        .statusCode(200)
        .body("[0].state", equalTo("active"))
        .body("[0]", hasKey("activated_at"))
        .body("[0].public_jwk.kty", equalTo("RSA"))
        .body("[0].public_jwk", not(hasKey("d")))
        .body(not(containsString("ciphertext")))
        .body(not(containsString("private")));
  }

  @Test
  void rotateSchedulesByDefaultAndActivatesWhenImmediate() {
    String first = fixtures.rotate().activated().get(0);
    String pending =
        given()
            .auth()
            .oauth2(admin())
            .post("/v1/keys/rotate")
            .then()
            .statusCode(202)
            .body("scheduled.state", equalTo("pending"))
            .extract()
            .path("scheduled.kid");
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/keys/rotate?immediate=true")
        .then()
        .statusCode(200)
        .body("activated.kid", equalTo(pending))
        .body("activated.state", equalTo("active"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys/" + first)
        .then()
        .statusCode(200)
        .body("state", equalTo("previous"))
        .body("retire_after", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void previewShowsTheSetAfterTheNextRotation() {
    String first = fixtures.rotate().activated().get(0);
    String pending =
        given()
            .auth()
            .oauth2(admin())
            .post("/v1/keys/rotate")
            .then()
            .statusCode(202)
            .extract()
            .path("scheduled.kid");
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys/jwks-preview")
        .then()
        .statusCode(200)
        .body("successor_kid", equalTo(pending))
        .body("states." + pending, equalTo("active"))
        .body("states." + first, equalTo("previous"))
        .body("jwks.keys.size()", equalTo(2));
  }

  @Test
  void retiringTheActiveKeyIsAConflictAndUnknownKidsAre404() {
    String active = fixtures.rotate().activated().get(0);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/keys/" + active + "/retire")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    given().auth().oauth2(admin()).post("/v1/keys/nope/retire").then().statusCode(404);
    given().auth().oauth2(admin()).get("/v1/keys/nope").then().statusCode(404);
  }

  @Test
  void policyUpdateWithAGraceShorterThanTheLongestTokenIsRefusedWithTheMinimum() {
    // token_policy default: agent tokens live 86400 s, the longest.
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(String.format(POLICY, 3600))
        .put("/v1/keys/policy")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("at least 86400"));
  }

  @Test
  void policyUpdateIsStoredAndAudited() {
    long before = KeyringFixtures.auditEvents("key.policy_updated");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(String.format(POLICY, 864000))
        .put("/v1/keys/policy")
        .then()
        .statusCode(200)
        .body("rsa_key_size", equalTo(3072))
        .body("grace_period_seconds", equalTo(864000))
        .body("lead_time_seconds", equalTo(86400))
        .body("updated_by", equalTo("root"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys/policy")
        .then()
        .body("jwks_cache_max_age_seconds", equalTo(600));
    org.junit.jupiter.api.Assertions.assertEquals(
        before + 1, KeyringFixtures.auditEvents("key.policy_updated"));
  }

  @Test
  void malformedPolicyIs400() {
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(String.format(POLICY, 864000).replace("RS256", "HS256"))
        .put("/v1/keys/policy")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void metricsDescribeTheKeyRing() {
    fixtures.rotate();
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("signet_keyring_keys{state=\"active\"} 1.0"))
        .body(containsString("signet_jwks_published_keys 1.0"))
        .body(containsString("signet_keyring_seconds_until_next_rotation"))
        .body(containsString("signet_keyring_rotations_total"))
        .body(
            containsString("signet_crypto_provider_info{provider=\"AmazonCorrettoCryptoProvider"));
  }

  private String admin() {
    return tokens.bearer("root", KeysAdminResource.SCOPE);
  }

  private static RequestSpecification request(RequestSpecification spec, String body) {
    return body == null ? spec : spec.contentType("application/json").body(body);
  }
}
