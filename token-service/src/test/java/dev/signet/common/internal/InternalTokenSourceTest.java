package dev.signet.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client side of service-to-service calls, against this service's real token endpoint. */
@QuarkusTest
class InternalTokenSourceTest {

  @Inject TestTokens tokens;

  @TestHTTPResource("/oauth2/token")
  URL tokenUrl;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static InternalClientConfig config(String url, String id, String secret) {
    return new InternalClientConfig() {
      public String tokenUrl() {
        return url;
      }

      public Optional<String> clientId() {
        return Optional.ofNullable(id);
      }

      public Optional<String> clientSecret() {
        return Optional.ofNullable(secret);
      }

      public String scope() {
        return "signet:internal";
      }

      public Duration refreshBefore() {
        return Duration.ofSeconds(60);
      }

      public Duration timeout() {
        // A transport limit, not a timing assertion: the first request of a cold JVM on a busy
        // machine can take several seconds.
        return Duration.ofSeconds(60);
      }
    };
  }

  @Test
  void obtainsAnInternalTokenOnceAndCachesIt() {
    var account = Fixtures.account().scopes("signet:internal").create();
    var source =
        new InternalTokenSource(
            config(tokenUrl.toString(), account.clientId, account.secret), Clock.systemUTC());
    String first = source.token().await().indefinitely().orElseThrow();
    String second = source.token().await().indefinitely().orElseThrow();
    assertEquals(first, second);
    account.introspect(first).then().statusCode(200);
    assertEquals("signet:internal", account.introspect(first).then().extract().path("scope"));
    assertEquals(
        1,
        Fixtures.column(
                "SELECT event_id::text FROM outbox WHERE event_type = 'token.issued' AND "
                    + Fixtures.EVENT
                    + "->>'actor' = ?",
                account.clientId)
            .size());
  }

  @Test
  void withoutAnAccountThereIsNoToken() {
    var source =
        new InternalTokenSource(config(tokenUrl.toString(), null, null), Clock.systemUTC());
    assertTrue(source.token().await().indefinitely().isEmpty());
  }

  /**
   * A refused request is not remembered: the account is disabled at the first call (401) and
   * enabled before the second, which must go to the endpoint again and get a token. A cached
   * failure would fail the second call without asking.
   */
  @Test
  void aRefusedRequestIsNotCachedAndTheNextCallAsksAgain() {
    var account = Fixtures.account().scopes("signet:internal").disabled().create();
    var source =
        new InternalTokenSource(
            config(tokenUrl.toString(), account.clientId, account.secret), Clock.systemUTC());
    assertThrows(RuntimeException.class, () -> source.token().await().indefinitely());
    assertEquals(List.of("disabled"), Fixtures.authFailureReasonsOf(account.clientId));

    Fixtures.update(
        "UPDATE service_accounts SET status = 'active' WHERE client_id = ?", account.clientId);
    String token = source.token().await().indefinitely().orElseThrow();

    assertEquals(true, account.introspect(token).then().extract().path("active"));
    assertEquals(
        List.of("disabled"),
        Fixtures.authFailureReasonsOf(account.clientId),
        "the second call was not refused again");
  }

  /**
   * An endpoint that hangs up on every connection: each call fails, and each call is a new attempt
   * (a new connection), not the first failure served again.
   */
  @Test
  void aFailedCallIsNotCachedEachCallConnectsAgain() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      var source =
          new InternalTokenSource(
              config("http://127.0.0.1:" + server.getLocalPort() + "/oauth2/token", "x", "y"),
              Clock.systemUTC());
      assertThrows(RuntimeException.class, () -> source.token().await().indefinitely());
      int afterFirst = connections.get();
      assertTrue(afterFirst >= 1, "the first call reached the endpoint");
      assertThrows(RuntimeException.class, () -> source.token().await().indefinitely());
      assertTrue(
          connections.get() > afterFirst,
          "the second call made a new attempt (" + connections.get() + " connections)");
    }
  }
}
