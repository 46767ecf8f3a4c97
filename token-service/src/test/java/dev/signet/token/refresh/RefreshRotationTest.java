package dev.signet.token.refresh;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshRotationTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  @AfterEach
  void noGraceWindow() {
    Fixtures.graceSeconds(0);
  }

  private static String firstRefreshToken(Fixtures.Account account) {
    return account
        .token()
        .then()
        .statusCode(200)
        .body("refresh_token", notNullValue())
        .extract()
        .path("refresh_token");
  }

  private static List<String> statuses(Fixtures.Account account) {
    return Fixtures.column(
        "SELECT DISTINCT status FROM refresh_tokens WHERE client_id = ?", account.clientId);
  }

  @Test
  void refreshRotatesToANewTokenInTheSameFamily() {
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    String second =
        account
            .refresh(first)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("access_token", notNullValue())
            .body("scope", equalTo("orders:read orders:write"))
            .extract()
            .path("refresh_token");
    assertNotEquals(first, second);
    assertEquals(
        List.of("rotated:0", "active:1"),
        Fixtures.column(
            "SELECT status || ':' || rotation_count FROM refresh_tokens WHERE client_id = ?"
                + " ORDER BY rotation_count",
            account.clientId));
    assertEquals(
        List.of("true"),
        Fixtures.column(
            "SELECT (p.successor_id = c.id AND p.family_id = c.family_id)::text"
                + " FROM refresh_tokens p JOIN refresh_tokens c ON c.parent_id = p.id"
                + " WHERE p.client_id = ?",
            account.clientId));
  }

  @Test
  void reusedRefreshTokenRevokesTheFamilyAndRecordsAnIncident() {
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    String second = account.refresh(first).then().statusCode(200).extract().path("refresh_token");

    account.refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));

    // The legitimate successor dies with the family.
    account.refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(List.of("revoked"), statuses(account));
    List<String> incidents =
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "::text FROM outbox WHERE event_type = 'incident.refresh_token_reuse'"
                + " AND "
                + Fixtures.EVENT
                + "->'attributes'->>'client_id' = ?",
            account.clientId);
    assertEquals(1, incidents.size());
    String family =
        Fixtures.column(
                "SELECT DISTINCT family_id::text FROM refresh_tokens WHERE client_id = ?",
                account.clientId)
            .get(0);
    assertTrue(incidents.get(0).contains(family));
    assertTrue(incidents.get(0).contains("\"ip\""));
    assertFalse(incidents.get(0).contains(first), "no token in the audit trail");
  }

  @Test
  void graceWindowReturnsTheSameSuccessor() {
    Fixtures.graceSeconds(5);
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    String second = account.refresh(first).then().statusCode(200).extract().path("refresh_token");
    String again = account.refresh(first).then().statusCode(200).extract().path("refresh_token");
    assertEquals(second, again);
    assertEquals(
        2,
        Fixtures.column("SELECT id::text FROM refresh_tokens WHERE client_id = ?", account.clientId)
            .size());
    // No branch was created and none was killed: the successor still works.
    account.refresh(second).then().statusCode(200);
  }

  @Test
  void outsideTheGraceWindowReuseIsReuse() {
    Fixtures.graceSeconds(5);
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    account.refresh(first).then().statusCode(200);
    Fixtures.update(
        "UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute'"
            + " WHERE client_id = ? AND status = 'rotated'",
        account.clientId);
    account.refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(List.of("revoked"), statuses(account));
  }

  @Test
  void twoConcurrentRefreshesNeverBothSucceedWithDifferentTokens() throws Exception {
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    CountDownLatch start = new CountDownLatch(1);
    CompletableFuture<Response> a = race(account, first, start);
    CompletableFuture<Response> b = race(account, first, start);
    start.countDown();
    Response ra = a.get();
    Response rb = b.get();
    if (ra.statusCode() == 200 && rb.statusCode() == 200) {
      assertEquals(
          ra.<String>path("refresh_token"),
          rb.<String>path("refresh_token"),
          "both succeeded with different successors");
    }
    assertTrue(
        Fixtures.column(
                    "SELECT id::text FROM refresh_tokens WHERE client_id = ? AND status = 'active'",
                    account.clientId)
                .size()
            <= 1,
        "at most one usable successor");
    assertEquals(
        1,
        Fixtures.column(
                "SELECT DISTINCT family_id::text FROM refresh_tokens WHERE client_id = ?",
                account.clientId)
            .size());
  }

  private static CompletableFuture<Response> race(
      Fixtures.Account account, String token, CountDownLatch start) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return account.refresh(token);
        });
  }

  private static Response refreshWithScope(Fixtures.Account account, String token, String scope) {
    return given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", token)
        .formParam("scope", scope)
        .when()
        .post("/oauth2/token");
  }

  @Test
  void refreshCanNarrowButNotWidenTheScope() {
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    String second =
        refreshWithScope(account, first, "orders:read")
            .then()
            .statusCode(200)
            .body("scope", equalTo("orders:read"))
            .extract()
            .path("refresh_token");
    refreshWithScope(account, second, "orders:read signet:admin")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    // The refused request changed nothing: the token is still usable.
    account.refresh(second).then().statusCode(200);
  }

  @Test
  void anotherClientCannotUseTheToken() {
    var owner = Fixtures.account().refreshEnabled().create();
    var thief = Fixtures.account().refreshEnabled().create();
    String token = firstRefreshToken(owner);
    thief.refresh(token).then().statusCode(400).body("error", equalTo("invalid_grant"));
    owner.refresh(token).then().statusCode(200);
  }

  @Test
  void accountsWithoutRefreshCannotRefresh() {
    Fixtures.account()
        .create()
        .refresh("whatever")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
  }

  @Test
  void unknownOrMissingRefreshTokenIsRefused() {
    var account = Fixtures.account().refreshEnabled().create();
    account.refresh("not-a-token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "refresh_token")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void expiredRefreshTokenIsInvalidGrant() {
    var account = Fixtures.account().refreshEnabled().create();
    String token = firstRefreshToken(account);
    Fixtures.update(
        "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE client_id = ?",
        account.clientId);
    account.refresh(token).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }
}
