package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.admin.TestClock;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service accounts end to end over HTTP, checking the row admin-api writes for token-service to
 * read: secrets only as their HMAC, the previous secret with the end of its overlap, the status.
 * What token-service accepts from such a row is tested in token-service (and end to end by the
 * deploy module's suite), not re-implemented here.
 */
@QuarkusTest
class ServiceAccountLifecycleTest {

  @Inject TestTokens tokens;
  @Inject SecretHasher hasher;
  @Inject TestClock clock;
  @Inject PreviousSecretSweeper sweeper;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** An accounts admin whose token holds the scopes these tests grant (the ceiling). */
  private String admin() {
    return tokens.bearer("alice", "signet:accounts:admin", "deploy:write", "a", "b", "s:x", "s:y");
  }

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private ExtractableResponse<Response> create(String body) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(body)
        .when()
        .post("/v1/service-accounts")
        .then()
        .statusCode(201)
        .extract();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Map<String, Object> row(String clientId) {
    return Sql.row("SELECT * FROM service_accounts WHERE client_id = ?", clientId);
  }

  /**
   * Whether the row stores this secret as its current one, as the HMAC admin-api must write.
   * Whether token-service then accepts it (status, the previous secret's overlap) is
   * token-service's client authentication, tested there; admin-api's part is the row.
   */
  private boolean storesSecret(Map<String, Object> r, String secret) {
    return hasher.matches(
        secret, (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version"));
  }

  /** Whether the row stores this secret as the previous one. */
  private boolean storesPreviousSecret(Map<String, Object> r, String secret) {
    return r.get("previous_secret_hash") != null
        && hasher.matches(
            secret,
            (byte[]) r.get("previous_secret_hash"),
            (Integer) r.get("previous_secret_hash_version"));
  }

  @Test
  void createShowsTheSecretOnceAndStoresOnlyItsHmac() {
    String clientId = unique("ci");
    var created =
        create(
            "{\"client_id\":\""
                + clientId
                + "\",\"name\":\"CI\",\"scopes\":[\"deploy:write\"],\"team\":\"platform\","
                + "\"ip_allow_list\":[\"10.0.0.0/8\",\"2001:db8::/32\"],\"rate_limit_per_minute\":60}");
    String secret = created.path("client_secret");
    assertEquals(clientId, created.path("client_id"));
    assertTrue(secret.length() >= 43);
    assertEquals("no-store", created.header("Cache-Control"));

    Map<String, Object> r = row(clientId);
    assertFalse(new String((byte[]) r.get("secret_hash")).contains(secret));
    assertTrue(storesSecret(r, secret));
    assertFalse(storesSecret(r, secret + "x"));
    assertEquals("active", r.get("status"));
    assertNull(r.get("previous_secret_hash"));
    assertEquals("alice", r.get("created_by"));

    given()
        .auth()
        .oauth2(admin())
        .when()
        .get("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(200)
        .body("client_id", equalTo(clientId))
        .body("scopes", contains("deploy:write"))
        .body("ip_allow_list", contains("10.0.0.0/8", "2001:db8::/32"))
        .body("has_secret", equalTo(true))
        .body(not(containsString(secret)))
        .body(not(containsString("secret_hash")));

    Map<String, Object> audit =
        Sql.row(
            "SELECT payload::text AS p, payload->>'actor' AS actor FROM outbox"
                + " WHERE event_type = ? AND payload->>'target' = ?",
            "admin.service_account.created",
            clientId);
    assertEquals("alice", audit.get("actor"));
    assertFalse(((String) audit.get("p")).contains(secret));
  }

  @Test
  void generatedClientIdWhenNoneIsGiven() {
    var created = create("{\"name\":\"no id\",\"scopes\":[]}");
    String clientId = created.path("client_id");
    assertTrue(clientId.startsWith("sa-"));
    assertTrue(storesSecret(row(clientId), created.path("client_secret")));
  }

  @Test
  void absentFieldsOfAPatchStayAsTheyAre() {
    String clientId = unique("keep");
    create(
        "{\"client_id\":\""
            + clientId
            + "\",\"name\":\"K\",\"scopes\":[\"a\"],\"team\":\"t1\",\"description\":\"d\","
            + "\"rate_limit_per_minute\":5}");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"K2\"}")
        .patch("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(200)
        .body("name", equalTo("K2"))
        .body("team", equalTo("t1"))
        .body("description", equalTo("d"))
        .body("rate_limit_per_minute", equalTo(5));
  }

  @Test
  void updateChangesSettingsAndNullClearsThem() {
    String clientId = unique("upd");
    create(
        "{\"client_id\":\""
            + clientId
            + "\",\"name\":\"U\",\"scopes\":[\"a\"],\"team\":\"t1\",\"rate_limit_per_minute\":5}");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(
            "{\"scopes\":[\"a\",\"b\"],\"roles\":[\"deployer\"],\"allowed_audiences\":[\"https://x\"],"
                + "\"rate_limit_per_minute\":null,\"team\":\"t2\",\"refresh_enabled\":true,"
                + "\"device_grant_enabled\":true,"
                + "\"token_exchange_enabled\":true,\"expires_at\":\"2030-01-01T00:00:00Z\"}")
        .when()
        .patch("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(200)
        .body("scopes", contains("a", "b"))
        .body("roles", contains("deployer"))
        .body("allowed_audiences", contains("https://x"))
        .body("rate_limit_per_minute", nullValue())
        .body("team", equalTo("t2"))
        .body("name", equalTo("U"))
        .body("refresh_enabled", equalTo(true))
        .body("device_grant_enabled", equalTo(true))
        .body("token_exchange_enabled", equalTo(true))
        .body("expires_at", equalTo("2030-01-01T00:00:00Z"));
    Map<String, Object> r = row(clientId);
    assertNull(r.get("rate_limit_per_minute"));
    assertEquals(true, r.get("refresh_enabled"));
    // token-service reads the column to let the account start device flows (V260).
    assertEquals(true, r.get("device_grant_enabled"));
  }

  @Test
  void rotatedSecretKeepsTheOldOneAsPreviousUntilTheOverlapEndsAndTheSweeperDropsIt() {
    String clientId = unique("rot");
    String oldSecret =
        create("{\"client_id\":\"" + clientId + "\",\"name\":\"R\",\"scopes\":[\"a\"]}")
            .path("client_secret");

    java.time.Instant before = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    var rotated =
        given()
            .auth()
            .oauth2(admin())
            .queryParam("overlap_seconds", 3600)
            .when()
            .post("/v1/service-accounts/" + clientId + "/rotate-secret")
            .then()
            .statusCode(200)
            .extract();
    java.time.Instant after = clock.instant();
    String newSecret = rotated.path("client_secret");
    assertNotEquals(oldSecret, newSecret);
    java.time.Instant until = java.time.Instant.parse(rotated.path("previous_secret_expires_at"));
    assertFalse(until.isBefore(before.plusSeconds(3600)), until + " is an hour after rotation");
    assertFalse(until.isAfter(after.plusSeconds(3600)), until + " is an hour after rotation");

    Map<String, Object> r = row(clientId);
    assertTrue(storesSecret(r, newSecret), "the new secret is the current one");
    assertFalse(storesSecret(r, oldSecret));
    assertTrue(storesPreviousSecret(r, oldSecret), "the old secret is kept as the previous one");
    java.time.Instant stored =
        ((java.sql.Timestamp) r.get("previous_secret_expires_at")).toInstant();
    assertTrue(
        Duration.between(until, stored).abs().toMillis() < 1,
        "the row keeps the end of the overlap the admin was told: " + stored);

    assertFalse(
        sweeper.sweep().await().indefinitely().contains(clientId), "inside the overlap: kept");
    assertTrue(storesPreviousSecret(row(clientId), oldSecret));

    clock.advance(Duration.ofSeconds(3601));
    assertTrue(sweeper.sweep().await().indefinitely().contains(clientId));
    r = row(clientId);
    assertNull(r.get("previous_secret_hash"), "the sweeper dropped the old hash");
    assertNull(r.get("previous_secret_expires_at"));
    assertTrue(storesSecret(r, newSecret));
  }

  @Test
  void rotationWithoutOverlapDropsTheOldSecretAtOnce() {
    String clientId = unique("rot0");
    String oldSecret =
        create("{\"client_id\":\"" + clientId + "\",\"name\":\"R\",\"scopes\":[]}")
            .path("client_secret");
    String newSecret =
        given()
            .auth()
            .oauth2(admin())
            .queryParam("overlap_seconds", 0)
            .when()
            .post("/v1/service-accounts/" + clientId + "/rotate-secret")
            .then()
            .statusCode(200)
            .body("previous_secret_expires_at", nullValue())
            .extract()
            .path("client_secret");
    Map<String, Object> r = row(clientId);
    assertFalse(storesSecret(r, oldSecret));
    assertFalse(storesPreviousSecret(r, oldSecret));
    assertNull(r.get("previous_secret_expires_at"));
    assertTrue(storesSecret(r, newSecret));
  }

  @Test
  void disabledAccountIsStoredDisabledAndCanBeEnabledAgainWithItsSecret() {
    String clientId = unique("dis");
    String secret =
        create("{\"client_id\":\"" + clientId + "\",\"name\":\"D\",\"scopes\":[]}")
            .path("client_secret");
    given()
        .auth()
        .oauth2(admin())
        .when()
        .post("/v1/service-accounts/" + clientId + "/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"));
    assertEquals("disabled", row(clientId).get("status"));

    given()
        .auth()
        .oauth2(admin())
        .when()
        .post("/v1/service-accounts/" + clientId + "/enable")
        .then()
        .statusCode(200)
        .body("status", equalTo("active"));
    assertEquals("active", row(clientId).get("status"));
    assertTrue(storesSecret(row(clientId), secret), "enabling keeps the secret");
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.service_account.disabled'"
                + " AND payload->>'target' = ? AND payload->>'actor' = 'alice'",
            clientId));
  }

  @Test
  void deletedAccountIsGone() {
    String clientId = unique("del");
    create("{\"client_id\":\"" + clientId + "\",\"name\":\"X\",\"scopes\":[]}");
    given()
        .auth()
        .oauth2(admin())
        .when()
        .delete("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(204);
    assertNull(row(clientId));
    given()
        .auth()
        .oauth2(admin())
        .when()
        .get("/v1/service-accounts/" + clientId)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void listFiltersByStatusTeamScopeAndName() {
    String team = unique("team");
    create("{\"name\":\"Alpha one\",\"scopes\":[\"s:x\"],\"team\":\"" + team + "\"}");
    String beta =
        create("{\"name\":\"Beta\",\"scopes\":[\"s:y\"],\"team\":\"" + team + "\"}")
            .path("client_id");
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/service-accounts/" + beta + "/disable")
        .then()
        .statusCode(200);

    given()
        .auth()
        .oauth2(admin())
        .queryParam("team", team)
        .when()
        .get("/v1/service-accounts")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(2))
        .body("next_cursor", nullValue());
    given()
        .auth()
        .oauth2(admin())
        .queryParam("team", team)
        .queryParam("status", "disabled")
        .get("/v1/service-accounts")
        .then()
        .body("items.client_id", contains(beta));
    given()
        .auth()
        .oauth2(admin())
        .queryParam("team", team)
        .queryParam("scope", "s:x")
        .get("/v1/service-accounts")
        .then()
        .statusCode(200)
        .body("items.name", contains("Alpha one"));
    given()
        .auth()
        .oauth2(admin())
        .queryParam("team", team)
        .queryParam("name", "ALPHA")
        .get("/v1/service-accounts")
        .then()
        .body("items.name", contains("Alpha one"));
  }

  @Test
  void badInputAnswersProblemJson() {
    String bad = "application/problem+json";
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"scopes\":[\"a\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad)
        .body("errors.field", hasItem("name"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"x\",\"scopes\":[\"has space\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"x\",\"scopes\":[],\"ip_allow_list\":[\"10.0.0.0/8\",\"example.com\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad)
        .body("errors.field", contains("ip_allow_list[1]"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"x\",\"scopes\":[],\"expires_at\":\"2001-01-01T00:00:00Z\"}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"x\",\"scopes\":[],\"rate_limit_per_minute\":\"many\"}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"x\",\"scopes\":[],\"token_endpoint_auth_method\":\"private_key_jwt\"}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"name\":\"  \"}")
        .patch("/v1/service-accounts/whoever")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("limit", "lots")
        .get("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("limit", "0")
        .get("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("cursor", "not-a-cursor")
        .get("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("status", "sleeping")
        .get("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("overlap_seconds", -1)
        .post("/v1/service-accounts/nobody/rotate-secret")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("overlap_seconds", 99999999)
        .post("/v1/service-accounts/nobody/rotate-secret")
        .then()
        .statusCode(400)
        .contentType(bad);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/service-accounts/nobody/disable")
        .then()
        .statusCode(404)
        .contentType(bad);
  }

  @Test
  void takenClientIdIsAConflict() {
    String clientId = unique("dup");
    create("{\"client_id\":\"" + clientId + "\",\"name\":\"A\",\"scopes\":[]}");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + clientId + "\",\"name\":\"B\",\"scopes\":[]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void privateKeyJwtClientGetsNoSecret() {
    var created =
        create(
            "{\"name\":\"jwt\",\"scopes\":[],\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}}");
    assertNull(created.path("client_secret"));
    String clientId = created.path("client_id");
    assertTrue(
        ((String)
                Sql.row(
                        "SELECT jwks::text AS j FROM service_accounts WHERE client_id = ?",
                        clientId)
                    .get("j"))
            .contains("P-256"));
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/service-accounts/" + clientId + "/rotate-secret")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }
}
