package dev.signet.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.TestProfileConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API's main paths over HTTP only: the service account lifecycle, an incident from the
 * audit intake to the list, the overview and the 401/403 basics. Secrets are checked as the HMAC
 * admin-api stores for token-service. {@link AdminMainPathsIT} runs this unchanged against the
 * packaged jar or the native binary.
 */
@QuarkusTest
class AdminMainPathsTest {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  /** The test profile's HMAC keys, as token-service would hash a presented secret. */
  static final SecretHasher HASHER =
      SecretHasher.of(TestProfileConfig.load().getValue("signet.secrets.hmac-keys", String.class));

  @BeforeEach
  void anActiveKeyTheServiceAccepts() {
    AuditDeliveryProxy.reachable();
    TOKENS.ensureActiveKey();
    TOKENS.awaitAccepted("/v1/overview", "signet:overview:read");
  }

  private static String accountsAdmin() {
    return TOKENS.bearer("alice", "signet:accounts:admin", "deploy:write");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> row(String clientId) {
    return Sql.row("SELECT * FROM service_accounts WHERE client_id = ?", clientId);
  }

  /**
   * Whether the row stores this secret as its current one (its HMAC, as admin-api must write it).
   * What token-service accepts from the row is tested in token-service, not re-implemented here.
   */
  private static boolean storesSecret(String clientId, String secret) {
    Map<String, Object> r = row(clientId);
    return HASHER.matches(
        secret, (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version"));
  }

  private static JsonPath overview() {
    return given()
        .auth()
        .oauth2(TOKENS.bearer("dana", "signet:overview:read"))
        .get("/v1/overview")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void serviceAccountIsCreatedReadListedRotatedAndDisabled() {
    String clientId = unique("main");
    JsonPath before = overview();
    long activeBefore = before.getLong("service_accounts.active");
    long disabledBefore = before.getLong("service_accounts.disabled");

    var created =
        given()
            .auth()
            .oauth2(accountsAdmin())
            .contentType("application/json")
            .body(
                "{\"client_id\":\""
                    + clientId
                    + "\",\"name\":\"Main path "
                    + clientId
                    + "\",\"scopes\":[\"deploy:write\"],"
                    + "\"team\":\"platform\"}")
            .post("/v1/service-accounts")
            .then()
            .statusCode(201)
            .header("Location", "/v1/service-accounts/" + clientId)
            .header("Cache-Control", "no-store")
            .body("client_id", equalTo(clientId))
            .body("account.status", equalTo("active"))
            .body("account.scopes", contains("deploy:write"))
            .extract();
    String secret = created.path("client_secret");
    assertTrue(secret.length() >= 43);
    assertTrue(storesSecret(clientId, secret));
    assertEquals("active", row(clientId).get("status"));

    given()
        .auth()
        .oauth2(accountsAdmin())
        .get("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(200)
        .body("name", equalTo("Main path " + clientId))
        .body("team", equalTo("platform"))
        .body("has_secret", equalTo(true))
        .body("created_by", equalTo("alice"))
        .body(not(containsString(secret)))
        .body(not(containsString("secret_hash")));
    given()
        .auth()
        .oauth2(accountsAdmin())
        .queryParam("name", clientId)
        .get("/v1/service-accounts")
        .then()
        .statusCode(200)
        .body("items.client_id", contains(clientId))
        .body("next_cursor", equalTo(null));
    JsonPath created1 = overview();
    assertEquals(activeBefore + 1, created1.getLong("service_accounts.active"), "counted active");
    assertEquals(disabledBefore, created1.getLong("service_accounts.disabled"));

    var rotation =
        given()
            .auth()
            .oauth2(accountsAdmin())
            .queryParam("overlap_seconds", 3600)
            .post("/v1/service-accounts/" + clientId + "/rotate-secret")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("client_id", equalTo(clientId))
            .body("previous_secret_expires_at", notNullValue())
            .extract();
    String rotated = rotation.path("client_secret");
    String previousUntil = rotation.path("previous_secret_expires_at");
    assertNotEquals(secret, rotated);
    assertTrue(storesSecret(clientId, rotated));
    Map<String, Object> row = row(clientId);
    assertTrue(
        HASHER.matches(
            secret,
            (byte[]) row.get("previous_secret_hash"),
            (Integer) row.get("previous_secret_hash_version")),
        "the old secret is stored as the previous one");
    Instant stored = ((java.sql.Timestamp) row.get("previous_secret_expires_at")).toInstant();
    assertTrue(
        java.time.Duration.between(Instant.parse(previousUntil), stored).abs().toMillis() < 1,
        "the row keeps the end of the overlap the admin was told: " + stored);

    given()
        .auth()
        .oauth2(accountsAdmin())
        .post("/v1/service-accounts/" + clientId + "/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"));
    assertEquals("disabled", row(clientId).get("status"));
    JsonPath disabled = overview();
    assertEquals(activeBefore, disabled.getLong("service_accounts.active"), "no longer active");
    assertEquals(disabledBefore + 1, disabled.getLong("service_accounts.disabled"), "but disabled");
    given()
        .auth()
        .oauth2(accountsAdmin())
        .queryParam("status", "disabled")
        .queryParam("name", clientId)
        .get("/v1/service-accounts")
        .then()
        .statusCode(200)
        .body("items.client_id", contains(clientId));
    given()
        .auth()
        .oauth2(accountsAdmin())
        .get("/v1/service-accounts/no-such-account")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aReuseIncidentFromTheAuditIntakeIsListedAndCounted() {
    JsonPath before = overview();
    long openBefore = before.getLong("incidents.open");
    long acknowledgedBefore = before.getLong("incidents.acknowledged");
    UUID eventId = UUID.randomUUID();
    String subject = "user:" + UUID.randomUUID();
    given()
        .auth()
        .oauth2(TOKENS.bearer("signet-token", "signet:internal"))
        .contentType("application/json")
        .body(
            "{\"events\":[{\"id\":\""
                + eventId
                + "\",\"type\":\"incident.refresh_token_reuse\",\"service\":\"token\","
                + "\"actor\":\"cli\",\"subject\":\""
                + subject
                + "\",\"target\":\"family-1\",\"outcome\":\"denied\","
                + "\"attributes\":{\"client_id\":\"cli\",\"family_id\":\"f-1\"},"
                + "\"occurred_at\":\""
                + Instant.now()
                + "\"}]}")
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200);

    String admin = TOKENS.bearer("bob", "signet:incidents:admin");
    String id =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("status", "open")
            .queryParam("type", "incident.refresh_token_reuse")
            .get("/v1/incidents")
            .then()
            .statusCode(200)
            .body("items.subject", hasItem(subject))
            .extract()
            .path("items.find { it.subject == '" + subject + "' }.id");
    given()
        .auth()
        .oauth2(admin)
        .get("/v1/incidents/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("open"))
        .body("severity", equalTo("high"))
        .body("client_id", equalTo("cli"))
        .body("details.family_id", equalTo("f-1"));
    JsonPath opened = overview();
    assertEquals(openBefore + 1, opened.getLong("incidents.open"));
    assertEquals(acknowledgedBefore, opened.getLong("incidents.acknowledged"));

    given()
        .auth()
        .oauth2(admin)
        .post("/v1/incidents/" + id + "/acknowledge")
        .then()
        .statusCode(200)
        .body("status", equalTo("acknowledged"));
    JsonPath acknowledged = overview();
    assertEquals(openBefore, acknowledged.getLong("incidents.open"));
    assertEquals(acknowledgedBefore + 1, acknowledged.getLong("incidents.acknowledged"));
  }

  private static String event(String type, Instant at) {
    return "{\"id\":\""
        + UUID.randomUUID()
        + "\",\"type\":\""
        + type
        + "\",\"service\":\"token\",\"actor\":\"main-paths\",\"outcome\":\"success\","
        + "\"attributes\":{},\"occurred_at\":\""
        + at
        + "\"}";
  }

  @Test
  void overviewCountsTheIssuancesAndFailuresTheIntakeTook() {
    Instant now = Instant.now();
    List<String> events =
        List.of(
            event("token.issued", now.minusSeconds(60)),
            event("token.issued", now.minusSeconds(120)),
            event("token.issued", now.minusSeconds(180)),
            event("token.issued", now.minusSeconds(3 * 3600)),
            event("token.issued", now.minusSeconds(30 * 3600)),
            event("client.authentication_failed", now.minusSeconds(60)),
            event("auth.failed", now.minusSeconds(90)),
            event("auth.failed", now.minusSeconds(5 * 3600)),
            event("token.refreshed", now.minusSeconds(60)));
    JsonPath before = overview();
    given()
        .auth()
        .oauth2(TOKENS.bearer("signet-token", "signet:internal"))
        .contentType("application/json")
        .body("{\"events\":[" + String.join(",", events) + "]}")
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200);
    JsonPath after = overview();
    assertEquals(
        3, after.getLong("tokens_issued.last_hour") - before.getLong("tokens_issued.last_hour"));
    assertEquals(
        4, after.getLong("tokens_issued.last_day") - before.getLong("tokens_issued.last_day"));
    assertEquals(
        2, after.getLong("auth_failures.last_hour") - before.getLong("auth_failures.last_hour"));
    assertEquals(
        3, after.getLong("auth_failures.last_day") - before.getLong("auth_failures.last_day"));
  }

  @Test
  void overviewCountsTheKeyRingAsOfNow() {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    JsonPath overview = overview();
    Instant after = Instant.now();
    // The ring has exactly one active key (the schema allows no second one).
    assertEquals(1L, overview.getLong("keys.by_state.active"));
    Instant generated = Instant.parse(overview.getString("generated_at"));
    assertFalse(generated.isBefore(before.minusSeconds(1)), "generated for this request");
    assertFalse(generated.isAfter(after.plusSeconds(1)), "generated for this request");
  }

  @Test
  void everyAreaWantsABearerTokenWithItsScope() {
    List<String> paths = List.of("/v1/service-accounts", "/v1/incidents", "/v1/overview");
    JwtClaims expired = TOKENS.claims("root", "signet:admin");
    long past = System.currentTimeMillis() - 7_200_000L;
    expired.setIssuedAt(NumericDate.fromMilliseconds(past));
    expired.setNotBefore(NumericDate.fromMilliseconds(past));
    expired.setExpirationTime(NumericDate.fromMilliseconds(past + 60_000L));
    String expiredToken = TOKENS.sign(expired);
    String otherScope = TOKENS.bearer("eve", "signet:keys:admin");
    String root = TOKENS.bearer("root", "signet:admin");
    for (String path : paths) {
      given()
          .get(path)
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", containsString("Bearer"))
          .contentType("application/problem+json");
      given()
          .auth()
          .oauth2(expiredToken)
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
      given()
          .auth()
          .oauth2(otherScope)
          .get(path)
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("status", equalTo(403));
      given().auth().oauth2(root).get(path).then().statusCode(200);
    }
  }
}
