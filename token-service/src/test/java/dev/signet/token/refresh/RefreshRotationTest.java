package dev.signet.token.refresh;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshRotationTest {

  @Inject TestTokens tokens;

  private Fixtures.SavedPolicy policy;

  @BeforeEach
  void activeKeyAndNoGraceWindow() {
    tokens.ensureActiveKey();
    policy = Fixtures.savePolicy();
    Fixtures.graceSeconds(0);
  }

  @AfterEach
  void restorePolicy() {
    policy.restore();
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
    // The retry comes "a moment later" by the row, not by how fast this machine runs: the
    // rotation is dated now, so only the retry's own round trip counts against the 5 s window.
    Fixtures.update(
        "UPDATE refresh_tokens SET rotated_at = clock_timestamp()"
            + " WHERE client_id = ? AND status = 'rotated'",
        account.clientId);
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
  void twoConcurrentRefreshesWithoutGraceAreOneRotationAndOneReuse() throws Exception {
    Fixtures.graceSeconds(0);
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);

    List<Response> answers = concurrentRefreshes(account, first);

    Response winner = only(answers, 200);
    Response loser = only(answers, 400);
    String successor = winner.path("refresh_token");
    assertNotNull(successor, "the winner got a new refresh token");
    assertNotEquals(first, successor);
    assertEquals("invalid_grant", loser.<String>path("error"));
    // The second use of the parent is reuse: the whole family dies, the winner's successor too.
    assertEquals(List.of("revoked"), statuses(account));
    account.refresh(successor).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(1, reuseIncidents(account), "one reuse incident");
  }

  @Test
  void twoConcurrentRefreshesInsideTheGraceWindowGetTheSameSuccessor() throws Exception {
    Fixtures.graceSeconds(10);
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);

    List<Response> answers = concurrentRefreshes(account, first);

    assertEquals(List.of(200, 200), answers.stream().map(Response::statusCode).toList());
    String a = answers.get(0).path("refresh_token");
    String b = answers.get(1).path("refresh_token");
    assertNotNull(a);
    assertNotEquals(first, a, "a new refresh token");
    assertEquals(a, b, "the retry inside the grace window got the very same successor");
    assertEquals(
        List.of("rotated:0", "active:1"),
        Fixtures.column(
            "SELECT status || ':' || rotation_count FROM refresh_tokens WHERE client_id = ?"
                + " ORDER BY rotation_count",
            account.clientId),
        "one rotation, no branch");
    assertEquals(0, reuseIncidents(account));
    account.refresh(a).then().statusCode(200);
  }

  @Test
  void aRetryAfterTheSuccessorWasRotatedAgainIsReuseEvenInsideTheGraceWindow() {
    Fixtures.graceSeconds(10);
    var account = Fixtures.account().refreshEnabled().create();
    String first = firstRefreshToken(account);
    String second = account.refresh(first).then().statusCode(200).extract().path("refresh_token");
    String third = account.refresh(second).then().statusCode(200).extract().path("refresh_token");

    account.refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));

    assertEquals(List.of("revoked"), statuses(account));
    account.refresh(third).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(1, reuseIncidents(account));
  }

  private static int reuseIncidents(Fixtures.Account account) {
    return Fixtures.column(
            "SELECT event_id::text FROM outbox WHERE event_type = 'incident.refresh_token_reuse'"
                + " AND "
                + Fixtures.EVENT
                + "->'attributes'->>'client_id' = ?",
            account.clientId)
        .size();
  }

  private static Response only(List<Response> answers, int status) {
    List<Response> matching = answers.stream().filter(r -> r.statusCode() == status).toList();
    assertEquals(
        1,
        matching.size(),
        "exactly one answer with "
            + status
            + ", got "
            + answers.stream().map(r -> r.statusCode() + " " + r.asString()).toList());
    return matching.get(0);
  }

  /**
   * Two refreshes of one token that meet in the database: this test holds the token's row lock
   * while a barrier releases both requests from their own threads, waits until both server
   * transactions are queued on that lock, and only then lets them go.
   */
  private static List<Response> concurrentRefreshes(Fixtures.Account account, String token)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (Connection lock = PostgresTestResource.database().connect()) {
      lock.setAutoCommit(false);
      try (PreparedStatement s =
          lock.prepareStatement("SELECT id FROM refresh_tokens WHERE client_id = ? FOR UPDATE")) {
        s.setString(1, account.clientId);
        s.executeQuery().close();
      }
      CyclicBarrier barrier = new CyclicBarrier(2);
      List<Future<Response>> pending = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        pending.add(
            threads.submit(
                () -> {
                  barrier.await(30, TimeUnit.SECONDS);
                  return account.refresh(token);
                }));
      }
      Eventually.until(
          Duration.ofSeconds(30),
          "both refreshes wait on the refresh token's row lock",
          () -> lockWaiters() == 2);
      lock.rollback();
      List<Response> answers = new ArrayList<>();
      for (Future<Response> f : pending) {
        answers.add(f.get(30, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Server statements waiting to lock a refresh token row: the first waits on this test's lock, the
   * second on the first (PostgreSQL queues row-lock waiters behind each other).
   */
  private static int lockWaiters() {
    return Integer.parseInt(
        Fixtures.column(
                "SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%FROM refresh_tokens%FOR UPDATE'")
            .get(0));
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
