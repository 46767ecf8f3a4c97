package dev.signet.keyring.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and careless rotation policies: every number is bounded, refused with 400 naming the
 * field, and a refused policy changes nothing; an accepted one keeps rotation and revocation
 * working.
 */
@QuarkusTest
class HostilePolicyTest {

  @Inject KeyringFixtures fixtures;
  @Inject TestTokens tokens;

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  /** The test policy of KeyringFixtures, as a mutable body. */
  static Map<String, Object> policy() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("algorithm", "RS256");
    body.put("rsa_key_size", 2048);
    body.put("rotation_interval_seconds", 30 * KeyringFixtures.DAY);
    body.put("pre_publish_seconds", KeyringFixtures.DAY);
    body.put("grace_period_seconds", 2 * KeyringFixtures.DAY);
    body.put("jwks_cache_max_age_seconds", 900);
    body.put("jwks_cache_margin_seconds", 300);
    return body;
  }

  static Stream<Arguments> outOfRangeNumbers() {
    return Stream.of(
            "rotation_interval_seconds",
            "pre_publish_seconds",
            "grace_period_seconds",
            "jwks_cache_max_age_seconds",
            "jwks_cache_margin_seconds")
        .flatMap(
            field ->
                Stream.of(9_000_000_000_000_000_000L, Long.MAX_VALUE, 100L * 365 * 86_400, -1L)
                    .map(value -> Arguments.of(field, value)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("outOfRangeNumbers")
  void hugeOrNegativeDurationIsRefusedNamingTheFieldAndChangesNothing(String field, long value) {
    Map<String, Object> body = policy();
    body.put(field, value);
    refusedWith400(body, field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rotation_interval_seconds", "rsa_key_size"})
  void zeroIsRefusedNamingTheField(String field) {
    Map<String, Object> body = policy();
    body.put(field, 0);
    refusedWith400(body, field);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1024, 2047, 2049, 3000, 4095, 8192, -2048})
  void rsaKeySizeOutsideTwoThreeOrFourKilobitsIsRefused(int bits) {
    Map<String, Object> body = policy();
    body.put("rsa_key_size", bits);
    refusedWith400(body, "rsa_key_size");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "algorithm",
        "rsa_key_size",
        "rotation_interval_seconds",
        "pre_publish_seconds",
        "grace_period_seconds",
        "jwks_cache_max_age_seconds",
        "jwks_cache_margin_seconds"
      })
  void missingFieldIsRefusedNamingItInsteadOfDefaultingToZero(String field) {
    Map<String, Object> body = policy();
    body.remove(field);
    refusedWith400(body, field);
  }

  @Test
  void overlongOrUnknownAlgorithmIsRefused() {
    Map<String, Object> body = policy();
    body.put("algorithm", "RS256".repeat(2_000));
    refusedWith400(body, "algorithm");
    body.put("algorithm", "none");
    refusedWith400(body, "algorithm");
  }

  @Test
  void intervalThatWouldPileUpPublishedKeysIsRefused() {
    // Lead 1 day + retire delay 2 days: rotating every 2 days would keep several keys published.
    Map<String, Object> body = policy();
    body.put("rotation_interval_seconds", 2 * KeyringFixtures.DAY);
    String before = currentPolicy();
    long audited = KeyringFixtures.auditEvents("key.policy_updated");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(body)
        .put("/v1/keys/policy")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("rotation_interval_seconds"))
        .body("detail", containsString("rotation_interval_seconds"));
    assertEquals(before, currentPolicy());
    assertEquals(audited, KeyringFixtures.auditEvents("key.policy_updated"));
  }

  @Test
  void policyAtTheUpperBoundsStillRotatesAndRevokes() {
    Map<String, Object> body = policy();
    body.put("algorithm", "EdDSA");
    body.put("rsa_key_size", 4096);
    body.put("rotation_interval_seconds", 730 * KeyringFixtures.DAY);
    body.put("pre_publish_seconds", 30 * KeyringFixtures.DAY);
    body.put("grace_period_seconds", 90 * KeyringFixtures.DAY);
    body.put("jwks_cache_max_age_seconds", 86_400);
    body.put("jwks_cache_margin_seconds", 86_400);
    String admin = admin();
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(body)
        .put("/v1/keys/policy")
        .then()
        .statusCode(200)
        .body("lead_time_seconds", equalTo((int) (30 * KeyringFixtures.DAY)));
    given().get("/.well-known/jwks.json").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    fixtures.rotate();
    String active =
        KeyringFixtures.strings("SELECT kid FROM signing_keys WHERE state = 'active'").get(0);
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"reason\":\"drill\"}")
        .post("/v1/keys/" + active + "/revoke")
        .then()
        .statusCode(200)
        .body("promoted.alg", equalTo("EdDSA"))
        .body("promoted.state", equalTo("active"));
  }

  @Test
  void overlongKidInThePathIs400NotALookup() {
    String kid = "k".repeat(300);
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/keys/" + kid)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("kid"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"reason\":\"x\"}")
        .post("/v1/keys/" + kid + "/revoke")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("kid"));
  }

  @Test
  void overlongRevokeReasonIsRefusedNamingTheField() {
    fixtures.rotate();
    String active =
        KeyringFixtures.strings("SELECT kid FROM signing_keys WHERE state = 'active'").get(0);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(Map.of("reason", "r".repeat(501)))
        .post("/v1/keys/" + active + "/revoke")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("reason"));
    assertEquals("active", KeyringFixtures.state(active));
  }

  private void refusedWith400(Map<String, Object> body, String field) {
    String before = currentPolicy();
    long audited = KeyringFixtures.auditEvents("key.policy_updated");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(body)
        .put("/v1/keys/policy")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));
    assertEquals(before, currentPolicy(), "a refused policy changes nothing");
    assertEquals(audited, KeyringFixtures.auditEvents("key.policy_updated"));
    given().get("/.well-known/jwks.json").then().statusCode(200);
  }

  private static String currentPolicy() {
    return KeyringFixtures.strings(
            "SELECT concat_ws(',', algorithm, rsa_key_size, rotation_interval_seconds,"
                + " pre_publish_seconds, grace_period_seconds, jwks_cache_max_age_seconds,"
                + " jwks_cache_margin_seconds, updated_at) FROM rotation_policy")
        .get(0);
  }

  private String admin() {
    return tokens.bearer("root", KeysAdminResource.SCOPE);
  }
}
