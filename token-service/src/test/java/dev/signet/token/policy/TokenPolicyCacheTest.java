package dev.signet.token.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.testing.Eventually;
import dev.signet.token.Fixtures;
import dev.signet.token.config.TokenConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token policy cache holds the policy for its TTL, and a NOTIFY on {@value
 * DatabaseChannels#TOKEN_POLICY_CHANGED} from another connection (another replica's edit) drops it
 * at once. The test profile turns the cache off (TTL 0), so this test builds the real service with
 * the real configuration but a one-hour TTL.
 */
@QuarkusTest
class TokenPolicyCacheTest {

  @Inject AuditRecorder audit;
  @Inject TokenConfig config;
  @Inject Clock clock;
  @Inject DatabaseChannels channels;
  @Inject Pool pool;

  private Fixtures.SavedPolicy saved;

  @BeforeEach
  void savePolicy() {
    saved = Fixtures.savePolicy();
  }

  @AfterEach
  void restorePolicy() {
    saved.restore();
  }

  @Test
  void aNotifiedEditIsSeenAtOnceAnUnannouncedOneOnlyAfterTheTtl() {
    Fixtures.awaitListening(channels, DatabaseChannels.TOKEN_POLICY_CHANGED);
    TokenPolicyService policies =
        new TokenPolicyService(
            audit, withPolicyTtl(config, Duration.ofHours(1)), clock, channels, pool);
    IntSupplier grace =
        () -> policies.current().await().atMost(Duration.ofSeconds(10)).refreshReuseGraceSeconds();
    Fixtures.graceSeconds(0);
    assertEquals(0, grace.getAsInt());

    Fixtures.graceSeconds(7);
    assertEquals(0, grace.getAsInt(), "an unannounced edit waits for the TTL");

    Fixtures.notify(DatabaseChannels.TOKEN_POLICY_CHANGED, TokenPolicyService.DEFAULT_ID);
    Eventually.until(
        Duration.ofSeconds(10),
        "the NOTIFY dropped the cached policy",
        () -> grace.getAsInt() == 7);
  }

  /** The service's own configuration with one setting changed. */
  private static TokenConfig withPolicyTtl(TokenConfig real, Duration ttl) {
    return (TokenConfig)
        Proxy.newProxyInstance(
            TokenConfig.class.getClassLoader(),
            new Class<?>[] {TokenConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("policyCacheTtl")) {
                return ttl;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
