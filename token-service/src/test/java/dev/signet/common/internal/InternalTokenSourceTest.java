package dev.signet.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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
        return Duration.ofSeconds(5);
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

  @Test
  void unreachableEndpointFailsTheCallAndTheNextCallTriesAgain() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var source =
        new InternalTokenSource(
            config("http://127.0.0.1:" + closedPort + "/oauth2/token", "x", "y"),
            Clock.systemUTC());
    assertThrows(RuntimeException.class, () -> source.token().await().indefinitely());
    assertThrows(RuntimeException.class, () -> source.token().await().indefinitely());
  }
}
