package dev.signet.token.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
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
  @Inject MeterRegistry registry;

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
        assertEquals(1.0, activeRequests(), "the hung request is in flight on the server");
      }
      // The server saw the hang-up: its HTTP request ended while the issuance still waits.
      Eventually.until(
          Duration.ofSeconds(15),
          "the server noticed the closed connection",
          () -> activeRequests() == 0.0);
      lock.rollback();
    }

    Eventually.until(
        Duration.ofSeconds(15),
        "the issuance committed although the client hung up",
        () -> issued.get().equals("1"));
    // Nothing is left holding a lock or a transaction: the same client's next issuance (the same
    // refresh_tokens insert) goes through, and no server session is left in a transaction.
    account.token().then().statusCode(200);
    assertEquals("2", issued.get());
    Eventually.until(
        Duration.ofSeconds(15),
        "no server session holds a transaction or a refresh_tokens lock",
        () ->
            Fixtures.column(
                    "SELECT count(*)::text FROM pg_stat_activity a"
                        + " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
                        + " AND (a.state LIKE 'idle in transaction%' OR EXISTS (SELECT 1 FROM"
                        + " pg_locks l WHERE l.pid = a.pid"
                        + " AND l.relation = 'refresh_tokens'::regclass))")
                .get(0)
                .equals("0"));
  }

  /** HTTP requests the server is handling now (Quarkus' http.server.active.requests). */
  private double activeRequests() {
    double active = 0;
    for (Meter meter : registry.find("http.server.active.requests").meters()) {
      for (Measurement m : meter.measure()) {
        if (m.getStatistic() == Statistic.VALUE || m.getStatistic() == Statistic.ACTIVE_TASKS) {
          active += m.getValue();
        }
      }
    }
    return active;
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
    Eventually.until(
        Duration.ofSeconds(15),
        "the token request reaches the refresh_tokens insert",
        () ->
            !Fixtures.column(
                    "SELECT count(*)::text FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .get(0)
                .equals("0"));
  }
}
