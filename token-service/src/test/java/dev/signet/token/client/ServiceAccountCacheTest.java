package dev.signet.token.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
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
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!scopes.get().equals(Set.of("b:read")) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Set.of("b:read"), scopes.get(), "the NOTIFY dropped the cached account");
  }

  /**
   * The channel is subscribed asynchronously, and a (re)subscription drops every cached entry; so
   * wait until a probe notification comes back before relying on what is cached.
   */
  private void awaitListening() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    channels.listen(DatabaseChannels.SERVICE_ACCOUNTS_CHANGED, seen::add);
    String probe = "probe-" + UUID.randomUUID();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!seen.contains(probe)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no notification came back on the service-account channel");
      }
      notify(probe);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private static void notify(String clientId) {
    Fixtures.column(
        "SELECT CAST(pg_notify(?, ?) AS text)",
        DatabaseChannels.SERVICE_ACCOUNTS_CHANGED,
        clientId);
  }
}
