package dev.signet.admin.overview;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The overview counts what the shared tables hold; checked as differences around fixtures. */
@QuarkusTest
class OverviewTest {

  @Inject TestTokens tokens;

  private JsonPath overview() {
    return given()
        .auth()
        .oauth2(tokens.bearer("dana", "signet:overview:read"))
        .get("/v1/overview")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static long diff(JsonPath before, JsonPath after, String path) {
    return after.getLong(path) - before.getLong(path);
  }

  @Test
  void countsMoveWithTheTables() {
    tokens.ensureActiveKey();
    JsonPath before = overview();

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Sql.update(
        "INSERT INTO service_accounts (id, client_id, name, status) VALUES (?, ?, 'o', 'active'),"
            + " (?, ?, 'o', 'disabled')",
        UUID.randomUUID(),
        "ov-a-" + suffix,
        UUID.randomUUID(),
        "ov-d-" + suffix);
    Sql.update(
        "INSERT INTO users (id, email, status) VALUES (?, ?, 'active'), (?, ?, 'invited')",
        UUID.randomUUID(),
        "a-" + suffix + "@example.com",
        UUID.randomUUID(),
        "b-" + suffix + "@example.com");
    Sql.update(
        // One active agent and one revoked one (agent_id is unique since V302).
        "INSERT INTO agent_credentials (id, agent_id, owner, status) VALUES (?, ?, 'o', 'active'),"
            + " (?, ?, 'o', 'revoked')",
        UUID.randomUUID(),
        "agent-" + suffix,
        UUID.randomUUID(),
        "agent-r-" + suffix);
    for (String type : new String[] {"token.issued", "token.issued", "auth.failed"}) {
      Sql.update(
          "INSERT INTO audit_events (id, type, service, outcome, occurred_at)"
              + " VALUES (?, ?, 'token', 'success', now() - interval '30 minutes')",
          UUID.randomUUID(),
          type);
    }
    Sql.update(
        "INSERT INTO audit_events (id, type, service, outcome, occurred_at)"
            + " VALUES (?, 'token.issued', 'token', 'success', now() - interval '5 hours')",
        UUID.randomUUID());
    Sql.update("INSERT INTO incidents (id, type) VALUES (?, 'incident.test')", UUID.randomUUID());
    Sql.update(
        "INSERT INTO certificates (serial_number, subject_dn, issuer_kind, certificate_pem,"
            + " not_before, not_after, requested_by)"
            + " VALUES (?, 'CN=x', 'LOCAL', 'pem', now(), now() + interval '1 day', 'ci')",
        "serial-" + suffix);
    Sql.update(
        "INSERT INTO outbox (event_id, service, event_type, payload)"
            + " VALUES (?, 'overview-test', 'x', '{}')",
        UUID.randomUUID());

    JsonPath after = overview();
    assertEquals(1, diff(before, after, "service_accounts.active"));
    assertEquals(1, diff(before, after, "service_accounts.disabled"));
    assertEquals(1, diff(before, after, "users.active"));
    assertEquals(1, diff(before, after, "users.invited"));
    assertEquals(1, diff(before, after, "agents.active"));
    assertEquals(2, diff(before, after, "tokens_issued.last_hour"));
    assertEquals(3, diff(before, after, "tokens_issued.last_day"));
    assertEquals(1, diff(before, after, "auth_failures.last_hour"));
    assertEquals(1, diff(before, after, "incidents.open"));
    assertEquals(1, diff(before, after, "certificates.issued"));
    assertEquals(1, diff(before, after, "certificates.issued_last_day"));
    assertEquals(1L, after.getLong("outbox_backlog.overview-test"));
    assertEquals(1L, after.getLong("keys.by_state.active"));
    assertEquals(0L, after.getLong("keys.by_state.pending"));
    assertNotNull(after.getString("keys.next_rotation_at"));
    assertNotNull(after.getString("generated_at"));
  }
}
