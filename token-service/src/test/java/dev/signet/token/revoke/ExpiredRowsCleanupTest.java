package dev.signet.token.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cleanup removes what is over and a day old, and nothing that may still be used. */
@QuarkusTest
class ExpiredRowsCleanupTest {

  @Inject ExpiredRowsCleanup cleanup;

  private static void session(String tag, String expiresAt, String endedAt) {
    Fixtures.update(
        "INSERT INTO sessions (id, token_hash, hash_version, user_id, user_ver, auth_method,"
            + " address, user_agent, csrf_secret, created_at, last_seen_at, expires_at, ended_at)"
            + " VALUES (?::uuid, decode(?, 'hex'), 1, ?::uuid, 1, 'passkey', '192.0.2.1', ?, 'c',"
            + " now() - interval '3 days', now() - interval '3 days', "
            + expiresAt
            + ", "
            + endedAt
            + ")",
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString().replace("-", ""),
        UUID.randomUUID().toString(),
        tag);
  }

  private static void code(String tag, String expiresAt) {
    Fixtures.update(
        "INSERT INTO authorization_codes (code_hash, hash_version, client_id, user_id, user_ver,"
            + " redirect_uri, scope, code_challenge, auth_time, expires_at)"
            + " VALUES (decode(?, 'hex'), 1, ?, ?::uuid, 1, 'http://127.0.0.1:1/cb', 'openid', 'x',"
            + " now(), "
            + expiresAt
            + ")",
        UUID.randomUUID().toString().replace("-", ""),
        tag,
        UUID.randomUUID().toString());
  }

  @Test
  void endedAndExpiredSessionsAndCodesGoADayLaterAndLiveOnesStay() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    session(run + "-expired", "now() - interval '2 days'", "NULL");
    session(run + "-ended", "now() + interval '1 hour'", "now() - interval '2 days'");
    session(run + "-just-ended", "now() + interval '1 hour'", "now() - interval '1 hour'");
    session(run + "-live", "now() + interval '1 hour'", "NULL");
    code(run + "-old", "now() - interval '2 days'");
    code(run + "-fresh", "now() + interval '1 minute'");

    cleanup.purge().await().atMost(Duration.ofSeconds(10));

    assertEquals(
        List.of(run + "-just-ended", run + "-live"),
        Fixtures.column(
            "SELECT user_agent FROM sessions WHERE user_agent LIKE ? ORDER BY user_agent",
            run + "%"));
    assertEquals(
        List.of(run + "-fresh"),
        Fixtures.column(
            "SELECT client_id FROM authorization_codes WHERE client_id LIKE ?", run + "%"));
  }
}
