package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 10: an internal caller cannot write audit content in another service's name, and
 * only the service that owns an incident type opens such incidents.
 */
class InternalCallerAttacksIT extends AttackCases {

  private static Answer deliver(String bearer, Map<String, Object> event) {
    return Http.post(suite.adminUrl() + "/internal/v1/audit-events")
        .bearer(bearer)
        .json(Map.of("events", List.of(event)))
        .send();
  }

  private static Map<String, Object> event(UUID id, String type, String claimedService) {
    return Map.of(
        "id",
        id.toString(),
        "type",
        type,
        "service",
        claimedService,
        "actor",
        "atk-forger",
        "outcome",
        "denied",
        "attributes",
        Map.of("family_id", UUID.randomUUID().toString()),
        "occurred_at",
        java.time.Instant.now().toString());
  }

  private static String internalToken(String service) {
    Client internal = suite.processes.internal(service);
    return signet.accessToken(internal, "signet:internal");
  }

  @Test
  void keyringForgesATokenServiceReuseIncident() {
    UUID id = UUID.randomUUID();
    Answer answer =
        deliver(internalToken("keyring"), event(id, "incident.refresh_token_reuse", "token"));
    expectStatus(answer, "keyring's internal account delivers an event claiming token", 200);
    assertEquals(
        List.of("keyring"),
        signet.strings("SELECT service FROM audit_events WHERE id = ?", id),
        "the stored event names the service that delivered it, not the one the body claims");
    assertEquals(
        0,
        signet.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", id),
        "keyring does not own incident.refresh_token_reuse: no incident is opened");
  }

  @Test
  void tokenServiceForgesAKeyRevokedIncident() {
    UUID id = UUID.randomUUID();
    Answer answer = deliver(internalToken("token"), event(id, "incident.key_revoked", "keyring"));
    expectStatus(answer, "token's internal account delivers incident.key_revoked", 200);
    assertEquals(
        List.of("token"), signet.strings("SELECT service FROM audit_events WHERE id = ?", id));
    assertEquals(0, signet.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", id));
  }

  @Test
  void theOwnerStillOpensItsIncident() {
    UUID id = UUID.randomUUID();
    Answer answer =
        deliver(internalToken("token"), event(id, "incident.refresh_token_reuse", "token"));
    expectStatus(answer, "token-service reports a reuse incident", 200);
    assertEquals(1, signet.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", id));
  }

  @Test
  void anAdminTokenCannotWriteTheAuditTrail() {
    UUID id = UUID.randomUUID();
    Answer answer =
        deliver(signet.adminToken(), event(id, "admin.service_account.deleted", "admin"));
    expectStatus(answer, "a signet:admin token on the internal audit intake", 403);
    assertEquals(0, signet.count("SELECT count(*) FROM audit_events WHERE id = ?", id));
  }

  @Test
  void anAccountGrantedSignetInternalByHandCannotWriteTheAuditTrail() {
    // Such an account cannot be made through the API; one put in the table by hand (a restore
    // from an old backup, say) still is no service.
    Client forged = signet.createAccount("atk-internal-by-hand", List.of(Signet.SCOPE));
    signet.update(
        "UPDATE service_accounts SET scopes = ARRAY['signet:internal'] WHERE client_id = ?",
        forged.clientId());
    signet.count(
        "SELECT count(*) FROM (SELECT pg_notify('signet_service_accounts_changed', ?)) n",
        forged.clientId());
    String token =
        AttackSuite.within(
                15,
                "token-service sees the hand-made signet:internal scope",
                () -> signet.clientCredentials(forged, "signet:internal"),
                a -> a.status() == 200)
            .text("access_token");
    UUID id = UUID.randomUUID();
    Answer answer = deliver(token, event(id, "incident.refresh_token_reuse", "token"));
    expectStatus(answer, "a hand-made signet:internal account on the audit intake", 403);
    assertEquals(0, signet.count("SELECT count(*) FROM audit_events WHERE id = ?", id));
  }
}
