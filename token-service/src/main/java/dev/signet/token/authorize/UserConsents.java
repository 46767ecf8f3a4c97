package dev.signet.token.authorize;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code user_consents}: the scopes a person let each client of the code grant have. A consent only
 * grows, and covers any later request for the same or fewer scopes.
 */
@ApplicationScoped
public class UserConsents {

  private final Pool pool;

  UserConsents(Pool pool) {
    this.pool = pool;
  }

  /** What the person let the client have; empty when they never consented. */
  public Uni<Optional<Set<String>>> granted(UUID userId, String clientId) {
    return pool.preparedQuery(
            "SELECT scopes FROM user_consents WHERE user_id = $1 AND client_id = $2")
        .execute(Tuple.of(userId, clientId))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              return it.hasNext()
                  ? Optional.of(Set.of(it.next().getArrayOfStrings("scopes")))
                  : Optional.<Set<String>>empty();
            });
  }

  /** Whether a consent on record covers {@code scopes}. */
  public Uni<Boolean> covers(UUID userId, String clientId, Collection<String> scopes) {
    return granted(userId, clientId).map(g -> g.isPresent() && g.get().containsAll(scopes));
  }

  /** Records the consent, adding {@code scopes} to what the person granted the client before. */
  public Uni<Void> grant(
      SqlClient client, UUID userId, String clientId, Collection<String> scopes, Instant now) {
    String[] sorted = scopes.stream().sorted().toArray(String[]::new);
    return client
        .preparedQuery(
            "INSERT INTO user_consents (user_id, client_id, scopes, granted_at)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, client_id) DO UPDATE SET"
                + " scopes = ARRAY(SELECT DISTINCT s FROM unnest(user_consents.scopes"
                + " || EXCLUDED.scopes) AS s ORDER BY s), granted_at = EXCLUDED.granted_at")
        .execute(Tuple.from(Arrays.asList(userId, clientId, sorted, now.atOffset(ZoneOffset.UTC))))
        .replaceWithVoid();
  }
}
