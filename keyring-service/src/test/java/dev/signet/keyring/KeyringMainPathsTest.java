package dev.signet.keyring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signet.common.testing.DatabaseTestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key ring's main paths over HTTP only (JWKS with ETag and 304, rotation and listing through
 * the admin API, the 401/403 basics), so that {@link KeyringMainPathsIT} runs them unchanged
 * against the packaged jar or the native binary.
 */
@QuarkusTest
class KeyringMainPathsTest {

  static final String SCOPE = "signet:keys:admin";
  static final String JWKS = "/.well-known/jwks.json";

  /** The test policy of KeyringFixtures: rotate every 30 days, lead 1 day, grace 2 days. */
  static final String POLICY =
      "{\"algorithm\":\"RS256\",\"rsa_key_size\":2048,\"rotation_interval_seconds\":2592000,"
          + "\"pre_publish_seconds\":86400,\"grace_period_seconds\":172800,"
          + "\"jwks_cache_max_age_seconds\":900,\"jwks_cache_margin_seconds\":300}";

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  @BeforeEach
  void anActiveKeyTheServiceAccepts() {
    TOKENS.ensureActiveKey();
    TOKENS.awaitAccepted("/v1/keys/policy", SCOPE);
  }

  private static String admin() {
    return TOKENS.bearer("root", SCOPE);
  }

  private static String rotateNow() {
    return given()
        .auth()
        .oauth2(admin())
        .post("/v1/keys/rotate?immediate=true")
        .then()
        .statusCode(200)
        .body("activated.state", equalTo("active"))
        .extract()
        .path("activated.kid");
  }

  @Test
  void jwksPublishesTheActiveKeyWithAStrongEtagAnd304() {
    String kid = rotateNow();
    Response first =
        given()
            .get(JWKS)
            .then()
            .statusCode(200)
            .contentType("application/json")
            .header("Cache-Control", matchesPattern("public, max-age=\\d+"))
            .header("ETag", matchesPattern("\"[A-Za-z0-9_-]+\""))
            .body("keys.kid", hasItem(kid))
            .body("keys.find { it.kid == '" + kid + "' }.kty", equalTo("RSA"))
            .body("keys.find { it.kid == '" + kid + "' }.alg", equalTo("RS256"))
            .body("keys.find { it.kid == '" + kid + "' }.use", equalTo("sig"))
            .body("keys.find { it.kid == '" + kid + "' }.e", equalTo("AQAB"))
            .body("keys.d", everyItem(equalTo(null)))
            .body("keys.p", everyItem(equalTo(null)))
            .extract()
            .response();
    String etag = first.header("ETag");

    given()
        .header("If-None-Match", etag)
        .get(JWKS)
        .then()
        .statusCode(304)
        .header("ETag", equalTo(etag))
        .header("Cache-Control", notNullValue())
        .body(emptyString());
    given().header("If-None-Match", "\"other\", W/" + etag).get(JWKS).then().statusCode(304);
    given().header("If-None-Match", "\"other\"").get(JWKS).then().statusCode(200);
  }

  @Test
  void rotationPublishesTheSuccessorBeforeItSignsAndKeepsThePredecessor() {
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(POLICY)
        .put("/v1/keys/policy")
        .then()
        .statusCode(200)
        .body("algorithm", equalTo("RS256"))
        .body("lead_time_seconds", equalTo(86400))
        .body("updated_by", equalTo("root"));
    String active = rotateNow();
    String etagBefore = given().get(JWKS).then().statusCode(200).extract().header("ETag");

    String pending =
        given()
            .auth()
            .oauth2(admin())
            .post("/v1/keys/rotate")
            .then()
            .statusCode(202)
            .body("scheduled.state", equalTo("pending"))
            .body("scheduled.activates_at", notNullValue())
            .extract()
            .path("scheduled.kid");
    String etagAfter =
        given()
            .get(JWKS)
            .then()
            .statusCode(200)
            .body("keys.kid", hasItems(active, pending))
            .extract()
            .header("ETag");
    assertNotEquals(etagBefore, etagAfter);
    given().header("If-None-Match", etagBefore).get(JWKS).then().statusCode(200);

    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys")
        .then()
        .statusCode(200)
        .body("find { it.kid == '" + active + "' }.state", equalTo("active"))
        .body("find { it.kid == '" + pending + "' }.state", equalTo("pending"))
        .body("find { it.kid == '" + pending + "' }.public_jwk.kty", equalTo("RSA"))
        .body("public_jwk.d", everyItem(equalTo(null)))
        .body(not(containsString("ciphertext")))
        .body(not(containsString("private")));

    given()
        .auth()
        .oauth2(admin())
        .post("/v1/keys/rotate?immediate=true")
        .then()
        .statusCode(200)
        .body("activated.kid", equalTo(pending));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys/" + active)
        .then()
        .statusCode(200)
        .body("state", equalTo("previous"))
        .body("retire_after", notNullValue());
    given().get(JWKS).then().statusCode(200).body("keys.kid", hasItems(active, pending));
    given().auth().oauth2(admin()).get("/v1/keys/no-such-kid").then().statusCode(404);
  }

  @Test
  void adminApiWantsABearerTokenWithTheKeysScope() {
    given()
        .get("/v1/keys")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .contentType("application/problem+json")
        .body("status", equalTo(401));
    given()
        .auth()
        .oauth2(TOKENS.bearer("bob", "signet:tokens:admin"))
        .get("/v1/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403));

    String valid = admin();
    JwtClaims expired = TOKENS.claims("root", SCOPE);
    long past = System.currentTimeMillis() - 3_600_000L;
    expired.setIssuedAt(NumericDate.fromMilliseconds(past));
    expired.setNotBefore(NumericDate.fromMilliseconds(past));
    expired.setExpirationTime(NumericDate.fromMilliseconds(past + 60_000L));
    JwtClaims foreign = TOKENS.claims("root", SCOPE);
    foreign.setIssuer("https://evil.example");
    for (String token :
        List.of(
            "not.a.jwt",
            valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA",
            TOKENS.sign(expired),
            TOKENS.sign(foreign))) {
      given()
          .auth()
          .oauth2(token)
          .get("/v1/keys")
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
    given().auth().oauth2(valid).get("/v1/keys").then().statusCode(200);
    // The key set itself is public.
    given().get(JWKS).then().statusCode(200);
  }
}
