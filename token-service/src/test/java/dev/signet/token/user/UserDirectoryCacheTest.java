package dev.signet.token.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.testing.Eventually;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A person is cached with their keys for the (long) TTL; the NOTIFY admin-api sends when it revokes
 * a key (or changes the person) drops the entry at once, so a revoked key stops working within a
 * round trip, not a TTL.
 */
@QuarkusTest
class UserDirectoryCacheTest {

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject DatabaseChannels channels;

  @Test
  void aRevokedKeyIsSeenAsSoonAsAdminApiNotifies() throws Exception {
    Fixtures.awaitListening(channels, DatabaseChannels.USERS_CHANGED);
    UserDirectory directory = new UserDirectory(pool, Duration.ofHours(1), clock, channels);
    UUID person = People.person("developer");
    People.Key key = People.ed25519(person);
    BooleanSupplier usable =
        () ->
            directory
                .find(person)
                .await()
                .atMost(Duration.ofSeconds(10))
                .orElseThrow()
                .usableKey(key.kid())
                .isPresent();
    assertTrue(usable.getAsBoolean());

    Fixtures.update("UPDATE user_keys SET revoked_at = now() WHERE kid = ?", key.kid());
    assertTrue(usable.getAsBoolean(), "an unannounced change waits for the TTL");

    Fixtures.notify(DatabaseChannels.USERS_CHANGED, person.toString());
    Eventually.until(
        Duration.ofSeconds(10),
        "the NOTIFY dropped the cached person",
        () -> !usable.getAsBoolean());
    assertFalse(usable.getAsBoolean());
  }
}
