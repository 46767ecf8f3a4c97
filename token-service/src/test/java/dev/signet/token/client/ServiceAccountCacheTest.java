package dev.signet.token.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.testing.Eventually;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The service-account cache holds an account for its (long) TTL, and a NOTIFY on the channel
 * admin-api uses drops it at once: the next read sees the change.
 */
@QuarkusTest
class ServiceAccountCacheTest {

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject DatabaseChannels channels;

  @Test
  void aNotifiedChangeIsSeenAtOnceAnUnannouncedOneOnlyAfterTheTtl() {
    awaitListening();
    ServiceAccountRepository repository =
        new ServiceAccountRepository(pool, Duration.ofHours(1), clock, channels);
    Fixtures.Account account = Fixtures.account().scopes("a:read").create();
    Supplier<Set<String>> scopes =
        () ->
            repository
                .findByClientId(account.clientId)
                .await()
                .atMost(Duration.ofSeconds(10))
                .orElseThrow()
                .scopes();
    assertEquals(Set.of("a:read"), scopes.get());

    Fixtures.update(
        "UPDATE service_accounts SET scopes = ARRAY['b:read'] WHERE client_id = ?",
        account.clientId);
    assertEquals(Set.of("a:read"), scopes.get(), "an unannounced change waits for the TTL");

    notify(account.clientId);
    // Bounded far below the one-hour TTL: only the NOTIFY can make the change visible.
    Eventually.until(
        Duration.ofSeconds(10),
        "the NOTIFY dropped the cached account",
        () -> scopes.get().equals(Set.of("b:read")));
  }

  /**
   * The channel is subscribed asynchronously, and a (re)subscription drops every cached entry; so
   * wait until a probe notification comes back before relying on what is cached.
   */
  private void awaitListening() {
    Fixtures.awaitListening(channels, DatabaseChannels.SERVICE_ACCOUNTS_CHANGED);
  }

  private static void notify(String clientId) {
    Fixtures.notify(DatabaseChannels.SERVICE_ACCOUNTS_CHANGED, clientId);
  }
}
