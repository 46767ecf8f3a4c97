package dev.signet.token.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up while its token is being issued does not cut the issuance in half: the
 * transaction that started the refresh family and wrote the audit row still commits (nothing is
 * rolled back under a live session), so what was signed is on record.
 */
@QuarkusTest
class ClientHangsUpTest {

  @Inject TestTokens tokens;

  @TestHTTPResource("/oauth2/token")
  URL tokenEndpoint;

  @Test
  void anIssuanceInFlightCompletesWhenTheClientDisconnects() throws Exception {
    tokens.ensureActiveKey();
    Fixtures.Account account = Fixtures.account().refreshEnabled().create();
    Supplier<String> issued =
        () ->
            Fixtures.column(
                    "SELECT count(*)::text FROM outbox WHERE event_type = 'token.issued'"
                        + " AND payload ->> 'actor' = ?",
                    account.clientId)
                .get(0);

    try (Connection lock = PostgresTestResource.database().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE refresh_tokens IN SHARE ROW EXCLUSIVE MODE");
      }
      try (Socket socket = new Socket(tokenEndpoint.getHost(), tokenEndpoint.getPort())) {
        send(socket, account);
        awaitBlockedOnLock();
      }
      // The server sees the closed connection while the issuance waits on the lock.
      LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
      lock.rollback();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!issued.get().equals("1") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertEquals("1", issued.get(), "the issuance was rolled back when the client hung up");
  }

  private static void send(Socket socket, Fixtures.Account account) throws Exception {
    String body = "grant_type=client_credentials";
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (account.clientId + ":" + account.secret).getBytes(StandardCharsets.UTF_8));
    String request =
        "POST /oauth2/token HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Authorization: Basic "
            + basic
            + "\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Until a server statement waits on the table lock this test holds. */
  private static void awaitBlockedOnLock() {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> waiting =
          Fixtures.column(
              "SELECT count(*)::text FROM pg_stat_activity"
                  + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (!waiting.get(0).equals("0")) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("the token request never reached the refresh_tokens insert");
  }
}
