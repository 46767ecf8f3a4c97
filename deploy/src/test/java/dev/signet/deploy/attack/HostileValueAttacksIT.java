package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectNoServerError;
import static dev.signet.deploy.attack.Signet.expectOAuthError;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13 item 2: a value an anonymous caller sends (client id, user agent, scope) must never stop
 * audit delivery nor answer 500; it reaches the audit trail bounded and cleaned, and an event
 * admin-api refuses anyway is dead-lettered (listed, retryable) while everything behind it is
 * delivered. The dead-letter attack runs last: on code without dead letters it blocks delivery, so
 * it removes its row when done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileValueAttacksIT extends AttackCases {

  /** How long delivery of a batch of good events may take on a shared 2-core machine. */
  private static final int DELIVERY_SECONDS = 90;

  private static final String MARKER = "...[truncated]";

  private static String repeat(String unit, int length) {
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(unit);
    }
    return out.substring(0, length);
  }

  /** client_credentials of {@code clientId} with a wrong secret and HTTP Basic. */
  private static Answer wrongSecret(String clientId) {
    return Http.post(suite.tokenUrl() + "/oauth2/token")
        .basic(clientId, "not-the-secret")
        .form("grant_type", "client_credentials")
        .send();
  }

  /** The actors admin-api stored for refused authentications whose actor starts so. */
  private static List<String> refusedActors(String prefix) {
    return signet.strings(
        "SELECT actor FROM audit_events WHERE type = 'client.authentication_failed'"
            + " AND actor LIKE ?",
        prefix + "%");
  }

  /** The user agents stored for refused authentications of this (unknown) client id. */
  private static List<String> awaitRefusalUserAgents(String clientId) {
    return AttackSuite.within(
        30,
        "the refused authentication of " + clientId + " reaches the audit trail",
        () ->
            signet.strings(
                "SELECT attributes->>'user_agent' FROM audit_events"
                    + " WHERE type = 'client.authentication_failed' AND actor = ?",
                clientId),
        rows -> !rows.isEmpty());
  }

  private static void expectClean(String value, int max, String what) {
    if (value == null) {
      return;
    }
    assertTrue(value.length() <= max, what + ": " + value.length() + " characters, max " + max);
    assertTrue(
        value.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)),
        what + ": control characters reached the audit trail");
  }

  @Test
  @Order(1)
  void longClientIdStopsAuditDelivery() throws Exception {
    String prefix = Signet.unique("atk-long");
    String hostile = prefix + repeat("x", 300 - prefix.length());
    Answer refused = wrongSecret(hostile);
    expectStatus(refused, "client_credentials with a 300-character client_id", 400, 401);
    assertEquals("invalid_client", refused.text("error"), refused.toString());

    Client good = signet.createAccount("atk-good", List.of(Signet.SCOPE));
    int requests = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        answers.add(pool.submit(() -> signet.clientCredentials(good, Signet.SCOPE).status()));
      }
      int ok = 0;
      List<Integer> other = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        int status = answer.get(120, TimeUnit.SECONDS);
        if (status == 200) {
          ok++;
        } else if (other.size() < 10) {
          other.add(status);
        }
      }
      assertEquals(requests, ok, "good token requests answered 200 (others: " + other + ")");
    } finally {
      pool.shutdownNow();
    }

    AttackSuite.within(
        DELIVERY_SECONDS,
        "all " + requests + " token.issued events of " + good.clientId() + " reach admin-api",
        () ->
            signet.count(
                "SELECT count(*) FROM audit_events WHERE type = 'token.issued' AND actor = ?",
                good.clientId()),
        n -> n == requests);
    List<String> actors = refusedActors(prefix);
    assertEquals(1, actors.size(), "the hostile refusal's event in the audit trail: " + actors);
    String actor = actors.get(0);
    assertEquals(255, actor.length(), "the hostile actor is cut to 255 characters");
    assertTrue(actor.endsWith(MARKER), "the cut actor ends with " + MARKER + ": " + actor);
  }

  @Test
  @Order(2)
  void nulInBasicClientIdGives500() {
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .basicRaw("atk%00nul:secret")
            .form("grant_type", "client_credentials")
            .send();
    expectNoServerError(answer, "a NUL (as %00) in the Basic client id");
    expectStatus(answer, "a NUL in the Basic client id", 400, 401);
    signet.expectAuditDeliveryFlows("after a NUL in the Basic client id", 30);
  }

  @Test
  @Order(3)
  void controlCharactersInClientIdReachTheAuditTrail() {
    String prefix = Signet.unique("atk-ctl");
    Answer answer = wrongSecret(prefix + "\u001b[31mred\u0007\u0085");
    expectNoServerError(answer, "control characters in the client id");
    expectStatus(answer, "control characters in the client id", 400, 401);
    signet.expectAuditDeliveryFlows("after control characters in the client id", 30);
    refusedActors(prefix).forEach(a -> expectClean(a, 255, "the stored actor"));
  }

  @Test
  @Order(4)
  void homoglyphClientIdAuthenticatesAsLatinAccount() {
    Client latin = signet.createAccount("atk-homoglyph", List.of(Signet.SCOPE));
    // Cyrillic а (U+0430) for the Latin a of "atk": looks the same, is another client id.
    String cyrillic = latin.clientId().replaceFirst("a", "\u0430");
    assertNotEquals(latin.clientId(), cyrillic);
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .basic(cyrillic, latin.secret())
            .form("grant_type", "client_credentials", "scope", Signet.SCOPE)
            .send();
    expectNoServerError(answer, "a Cyrillic/Latin homoglyph of a client id");
    expectOAuthError(
        answer, "a homoglyph of a client id with that client's secret", 401, "invalid_client");
    signet.expectAuditDeliveryFlows("after a homoglyph client id", 30);
  }

  @Test
  @Order(5)
  void tenKilobyteClientIdGives500() {
    String prefix = Signet.unique("atk-10k");
    Answer answer = wrongSecret(prefix + repeat("y", 10_240));
    expectNoServerError(answer, "a 10 KB client id");
    signet.expectAuditDeliveryFlows("after a 10 KB client id", 30);
    refusedActors(prefix).forEach(a -> expectClean(a, 255, "the stored 10 KB actor"));
  }

  /** A refused Basic login of an unknown id with this raw User-Agent line. */
  private static void hostileUserAgent(String userAgent, String what) {
    String clientId = Signet.unique("atk-ua");
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                (clientId + ":wrong").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Answer answer =
        Http.raw(
            suite.tokenUrl(),
            "POST",
            "/oauth2/token",
            List.of(
                "Authorization: Basic " + basic,
                "Content-Type: application/x-www-form-urlencoded",
                "User-Agent: " + userAgent),
            "grant_type=client_credentials");
    expectNoServerError(answer, what);
    signet.expectAuditDeliveryFlows("after " + what, 30);
    if (answer.status() == 401) {
      // The request reached the authenticator, so its refusal is on record, cleaned.
      awaitRefusalUserAgents(clientId).forEach(ua -> expectClean(ua, 1024, what));
    }
  }

  @Test
  @Order(6)
  void nulInUserAgentGives500() {
    hostileUserAgent("atk\u0000agent", "a NUL in the User-Agent");
  }

  @Test
  @Order(7)
  void controlCharactersInUserAgentReachTheAuditTrail() {
    hostileUserAgent("atk\u001b[2J\u0007agent\u007f", "control characters in the User-Agent");
  }

  @Test
  @Order(8)
  void tenKilobyteUserAgentReachesTheAuditTrail() {
    hostileUserAgent("atk-" + repeat("z", 10_240), "a 10 KB User-Agent");
  }

  @Test
  @Order(9)
  void mixedScriptUserAgentGives500() {
    hostileUserAgent("curl/8.0 \u0441url \u202eevil", "a mixed-script, bidi-override User-Agent");
  }

  private static void hostileScope(String scope, String what) {
    Answer answer = signet.clientCredentials(signet.observer(), scope);
    expectNoServerError(answer, what);
    expectStatus(answer, what + " is not granted", 400);
    signet.expectAuditDeliveryFlows("after " + what, 30);
  }

  @Test
  @Order(10)
  void nulInScopeGives500() {
    hostileScope("orders:read\u0000signet:admin", "a NUL in the scope");
  }

  @Test
  @Order(11)
  void controlCharactersInScopeGive500() {
    hostileScope("orders:read\u001b\u0007", "control characters in the scope");
  }

  @Test
  @Order(12)
  void tenKilobyteScopeGives500() {
    hostileScope(repeat("orders:read ", 10_240).trim() + " x", "a 10 KB scope");
  }

  @Test
  @Order(13)
  void mixedScriptScopeIsGranted() {
    // Cyrillic о (U+043E) in "orders:read": must not pass as the Latin scope.
    hostileScope("\u043erders:read", "a Cyrillic/Latin homoglyph of a scope");
  }

  @Test
  @Order(100)
  void refusedOutboxRowBlocksDeliveryAndIsNotDeadLettered() throws Exception {
    // An event as an older version would have written it: actor longer than admin-api stores.
    signet.expectAuditDeliveryFlows("before the bad row", 30);
    String template =
        signet
            .strings(
                "SELECT payload::text FROM outbox WHERE service = 'token'"
                    + " AND event_type = 'token.issued' ORDER BY seq DESC LIMIT 1")
            .get(0);
    ObjectNode bad = (ObjectNode) Http.JSON.readTree(template);
    UUID eventId = UUID.randomUUID();
    bad.put("id", eventId.toString());
    bad.put("actor", Signet.unique("atk-old-version") + repeat("v", 300));
    signet.update(
        "INSERT INTO outbox (event_id, service, event_type, payload) VALUES (?, 'token',"
            + " 'token.issued', ?::jsonb)",
        eventId,
        bad.toString());
    try {
      Client after = signet.createAccount("atk-after-bad-row", List.of(Signet.SCOPE));
      int requests = 50;
      for (int i = 0; i < requests; i++) {
        expectStatus(signet.clientCredentials(after, Signet.SCOPE), "good request " + i, 200);
      }
      AttackSuite.within(
          DELIVERY_SECONDS,
          "the " + requests + " token.issued events after a row admin-api refuses are delivered",
          () ->
              signet.count(
                  "SELECT count(*) FROM audit_events WHERE type = 'token.issued' AND actor = ?",
                  after.clientId()),
          n -> n == requests);
      assertEquals(
          1,
          signet.count(
              "SELECT count(*) FROM outbox WHERE event_id = ? AND dead_at IS NOT NULL"
                  + " AND sent_at IS NULL",
              eventId),
          "the refused row is dead-lettered (dead_at set)");

      Answer listed =
          Http.get(suite.tokenUrl() + "/v1/outbox/dead-letters").bearer(signet.adminToken()).send();
      expectStatus(listed, "token-service lists its dead letters", 200);
      boolean found = false;
      for (JsonNode item : listed.json().path("items")) {
        found |= eventId.toString().equals(item.path("event_id").asText());
      }
      assertTrue(found, "the dead letter is listed: " + listed);

      Answer retried =
          Http.post(suite.tokenUrl() + "/v1/outbox/dead-letters/" + eventId + "/retry")
              .bearer(signet.adminToken())
              .send();
      expectStatus(retried, "retry of the dead letter", 200);
      assertEquals("pending", retried.text("status"), retried.toString());
    } finally {
      // Today nothing would deliver past it: leave the queue as the other attacks expect it.
      signet.update("DELETE FROM outbox WHERE event_id = ?", eventId);
    }
  }
}
