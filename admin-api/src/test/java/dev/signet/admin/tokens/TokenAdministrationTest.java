package dev.signet.admin.tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.FakeTokenService;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import dev.signet.common.tokens.TokenAdminContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What admin-api itself does with token administration, with token-service stood in for by {@link
 * FakeTokenService} (whose answers follow from the request): it passes token-service's answers
 * through field for field, passes paging on, sends the acting admin and audits each revocation with
 * what token-service reported, and answers 404/503 problems when token-service refuses, fails or
 * hangs up. The real token-service behind these paths is tested by the deploy module's suite.
 */
@QuarkusTest
class TokenAdministrationTest {

  @Inject TestTokens tokens;
  @Inject ObjectMapper json;

  @BeforeEach
  void internalTokenAvailable() {
    // Every call to token-service carries admin-api's internal token, fetched through this proxy.
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:tokens:admin");
  }

  /** The record as JSON would carry it, to compare with what admin-api answered. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> asJson(Object record) {
    try {
      return json.readValue(json.writeValueAsString(record), Map.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonPath families(String subject, Integer limit, String cursor, String status) {
    var request = given().auth().oauth2(admin()).queryParam("subject", subject);
    if (limit != null) {
      request.queryParam("limit", limit);
    }
    if (cursor != null) {
      request.queryParam("cursor", cursor);
    }
    if (status != null) {
      request.queryParam("status", status);
    }
    return request.get("/v1/tokens/families").then().statusCode(200).extract().jsonPath();
  }

  private static Map<String, Object> auditOf(String type, String target) {
    return Sql.row(
        "SELECT payload->>'actor' AS actor, payload->>'outcome' AS outcome,"
            + " payload->'attributes' AS attributes FROM outbox"
            + " WHERE event_type = ? AND payload->>'target' = ?",
        type,
        target);
  }

  @Test
  void familiesPassThroughFieldForFieldPageByPage() {
    String user = "user:" + UUID.randomUUID();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3 * 3600);
    TokenAdminContract.Family oldest = FakeTokenService.family("cli", user, t0, 0, 1);
    TokenAdminContract.Family middle =
        FakeTokenService.family("cli", user, t0.plusSeconds(3600), 4, 1);
    TokenAdminContract.Family newest =
        FakeTokenService.family("other-cli", user, t0.plusSeconds(7200), 7, 1);

    JsonPath first = families(user, 2, null, null);
    assertEquals(List.of(asJson(newest), asJson(middle)), first.getList("items"));
    String cursor = first.getString("next_cursor");
    assertNotNull(cursor, "a first page of 2 out of 3 says where the next one starts");
    assertTrue(
        first.getMap("items[0]").containsKey("revoked_at"), "null fields are passed on as null");

    JsonPath second = families(user, 2, cursor, null);
    assertEquals(List.of(asJson(oldest)), second.getList("items"));
    assertNull(second.getString("next_cursor"));
    assertTrue(second.getMap("$").containsKey("next_cursor"), "the last page says so with null");

    assertEquals(
        List.of(asJson(newest), asJson(middle), asJson(oldest)),
        families(user, null, null, null).getList("items"),
        "without a limit admin-api asks for its default page, which holds all three");
    assertEquals(List.of(), families(user, null, null, "revoked").getList("items"));
  }

  @Test
  void revokingAFamilyReachesTokenServiceWithTheActorAndIsAuditedWithItsCount() {
    String user = "user:" + UUID.randomUUID();
    UUID family = FakeTokenService.family("cli", user, Instant.now(), 2, 3).familyId();
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"reason\":\"laptop stolen\"}")
        .post("/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(200)
        .body("family_id", equalTo(family.toString()))
        .body("revoked_tokens", equalTo(3));
    TokenAdminContract.Family revoked = FakeTokenService.FAMILIES.get(family);
    assertEquals("revoked", revoked.status());
    assertEquals("laptop stolen", revoked.revokeReason());
    FakeTokenService.Received call =
        FakeTokenService.RECEIVED.stream()
            .filter(r -> r.path().equals("/families/" + family + "/revoke"))
            .findFirst()
            .orElseThrow();
    assertEquals(Map.of("reason", "laptop stolen", "actor", "carol"), call.body());

    Map<String, Object> audit = auditOf("admin.token.family_revoked", family.toString());
    assertEquals("carol", audit.get("actor"));
    assertEquals("success", audit.get("outcome"));
    assertEquals(
        Map.of("reason", "laptop stolen", "revoked_tokens", 3), attributes(audit), "audit");

    // Revoking it again revokes nothing more, and the answer and the audit say so.
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked_tokens", equalTo(0));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> attributes(Map<String, Object> audit) {
    try {
      return json.readValue(String.valueOf(audit.get("attributes")), Map.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void revokingEverythingOfAClientReportsAndAuditsWhatTokenServiceRevoked() {
    String client = "client-" + UUID.randomUUID();
    FakeTokenService.family(client, "user:a", Instant.now(), 1, 2);
    FakeTokenService.family(client, "user:b", Instant.now(), 0, 1);
    TokenAdminContract.TokenInfo one = FakeTokenService.accessToken(client, "user:a");
    FakeTokenService.accessToken(client, "user:b");
    TokenAdminContract.TokenInfo other = FakeTokenService.accessToken("someone-else", "user:a");

    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + client + "\",\"reason\":\"secret leaked\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(200)
        .body("client_id", equalTo(client))
        .body("subject", nullValue())
        .body("revoked_families", equalTo(2))
        .body("revoked_refresh_tokens", equalTo(3))
        .body("denylisted_jtis", equalTo(2))
        .body("revoked_before", notNullValue());
    Map<String, Object> sent = new java.util.HashMap<>();
    sent.put("client_id", client);
    sent.put("subject", null);
    sent.put("reason", "secret leaked");
    sent.put("actor", "carol");
    assertEquals(List.of(sent), FakeTokenService.revocationsOf(client), "what admin-api sent");
    assertEquals("revoked", FakeTokenService.TOKENS.get(one.jti()).status());
    assertEquals("active", FakeTokenService.TOKENS.get(other.jti()).status());

    Map<String, Object> audit = auditOf("admin.token.client_revoked", client);
    assertEquals("carol", audit.get("actor"));
    assertEquals("success", audit.get("outcome"));
    assertEquals(
        Map.of(
            "reason",
            "secret leaked",
            "revoked_families",
            2,
            "revoked_refresh_tokens",
            3,
            "denylisted_jtis",
            2),
        attributes(audit));
  }

  @Test
  void revokingEverythingOfASubjectIsAuditedAsASubjectRevocation() {
    String user = "user:" + UUID.randomUUID();
    FakeTokenService.family("cli", user, Instant.now(), 0, 1);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"subject\":\"" + user + "\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(200)
        .body("subject", equalTo(user))
        .body("client_id", nullValue())
        .body("revoked_families", equalTo(1));
    assertEquals("success", auditOf("admin.token.subject_revoked", user).get("outcome"));
  }

  @Test
  void looksATokenUpByJtiAndPassesEveryFieldOn() {
    TokenAdminContract.TokenInfo token = FakeTokenService.accessToken("cli", "user:a");
    assertEquals(
        asJson(token),
        given()
            .auth()
            .oauth2(admin())
            .get("/v1/tokens/" + token.jti())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("$"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/tokens/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void everyCallCarriesAdminApisInternalBearerToken() {
    String marker = UUID.randomUUID().toString();
    families("user:" + marker, null, null, null);
    FakeTokenService.Received call =
        FakeTokenService.RECEIVED.stream()
            .filter(r -> r.query() != null && r.query().contains(marker))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no call for " + marker));
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(call.authorization().split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(payload.contains("\"scope\":\"signet:internal\""), payload);
    assertTrue(payload.contains("\"sub\":\"admin-test-internal\""), payload);
  }

  @Test
  void unknownFamilyIs404AndAuditedAsDenied() {
    UUID family = UUID.randomUUID();
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    Map<String, Object> audit = auditOf("admin.token.family_revoked", family.toString());
    assertEquals("denied", audit.get("outcome"));
    assertEquals("carol", audit.get("actor"));
  }

  @Test
  void tokenServiceFailureIs503ProblemJson() {
    given()
        .auth()
        .oauth2(admin())
        .queryParam("subject", "explode")
        .get("/v1/tokens/families")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", equalTo("token-service could not carry out the request."));
  }

  @Test
  void tokenServiceHangingUpIs503ProblemJson() {
    given()
        .auth()
        .oauth2(admin())
        .queryParam("subject", "hang-up")
        .get("/v1/tokens/families")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", equalTo("token-service is not reachable."));
  }

  @Test
  void failedRevocationIs503AndAuditedAsAFailure() {
    String client = "client-" + UUID.randomUUID();
    FakeTokenService.FAILING_REVOCATIONS.add(client);
    try {
      given()
          .auth()
          .oauth2(admin())
          .contentType("application/json")
          .body("{\"client_id\":\"" + client + "\"}")
          .post("/v1/tokens/revocations")
          .then()
          .statusCode(503)
          .contentType("application/problem+json");
    } finally {
      FakeTokenService.FAILING_REVOCATIONS.remove(client);
    }
    Map<String, Object> audit = auditOf("admin.token.client_revoked", client);
    assertEquals("failure", audit.get("outcome"));
    assertEquals("carol", audit.get("actor"));
  }

  @Test
  void badInputAnswersProblemJsonWithoutAskingTokenService() {
    int before = FakeTokenService.RECEIVED.size();
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/tokens/families")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .queryParam("client_id", "a")
        .queryParam("subject", "b")
        .get("/v1/tokens/families")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("client_id", "a")
        .queryParam("status", "weird")
        .get("/v1/tokens/families")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/families/not-a-uuid/revoke")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"a\",\"subject\":\"b\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    assertEquals(before, FakeTokenService.RECEIVED.size(), "admin-api refused them itself");
  }
}
