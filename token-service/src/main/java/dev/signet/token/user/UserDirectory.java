package dev.signet.token.user;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.token.config.TokenConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads admin-api's {@code users} and {@code user_keys} (with their devices) for key login and for
 * every check of a person's token. A person is cached with their keys; admin-api notifies {@value
 * DatabaseChannels#USERS_CHANGED} with the user id when it changes the person or revokes one of
 * their keys or devices, and the entry is dropped at once. The TTL only bounds staleness while the
 * listening connection is down.
 */
@ApplicationScoped
public class UserDirectory {

  private static final String SELECT =
      "SELECT u.status, u.user_ver, u.roles, u.deleted_at IS NOT NULL AS deleted,"
          + " COALESCE((SELECT json_agg(json_build_object('kid', k.kid, 'alg', k.alg,"
          + " 'jwk', k.public_jwk, 'revoked', k.revoked_at IS NOT NULL OR d.revoked_at IS NOT NULL))"
          + " FROM user_keys k JOIN devices d ON d.id = k.device_id WHERE k.user_id = u.id),"
          + " '[]')::text AS keys FROM users u WHERE u.id = $1";

  /** A person's key as enrolled: its kid (RFC 7638 thumbprint), pinned algorithm, public JWK. */
  public record UserKey(String kid, String alg, String publicJwk, boolean revoked) {}

  /** A person as token-service sees them. */
  public record User(
      UUID id, String status, long userVer, List<String> roles, Map<String, UserKey> keys) {

    /** Only an active person logs in or holds a working token. */
    public boolean active() {
      return "active".equals(status);
    }

    /** A key of theirs that is neither revoked nor on a revoked device. */
    public Optional<UserKey> usableKey(String kid) {
      UserKey key = kid == null ? null : keys.get(kid);
      return key == null || key.revoked() ? Optional.empty() : Optional.of(key);
    }
  }

  private record Cached(User user, Instant loadedAt) {}

  private final Pool pool;
  private final Duration ttl;
  private final Clock clock;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  @Inject
  UserDirectory(Pool pool, TokenConfig config, Clock clock, DatabaseChannels channels) {
    this(pool, config.clientCacheTtl(), clock, channels);
  }

  UserDirectory(Pool pool, Duration ttl, Clock clock, DatabaseChannels channels) {
    this.pool = pool;
    this.ttl = ttl;
    this.clock = clock;
    channels.listen(DatabaseChannels.USERS_CHANGED, this::changed);
  }

  void changed(String userId) {
    changes.incrementAndGet();
    if (userId == null) {
      cache.clear();
      return;
    }
    try {
      cache.remove(UUID.fromString(userId.trim()));
    } catch (IllegalArgumentException e) {
      cache.clear();
    }
  }

  /** The person named by a token's or an assertion's {@code sub}; empty when not a user id. */
  public Uni<Optional<User>> find(String subject) {
    UUID id = parseId(subject);
    return id == null ? Uni.createFrom().item(Optional.empty()) : find(id);
  }

  public static UUID parseId(String subject) {
    if (subject == null || subject.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(subject);
      // Only the canonical spelling, so one person has one keyspace for replays.
      return id.toString().equals(subject) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public Uni<Optional<User>> find(UUID id) {
    return find(pool, id);
  }

  /** As above, reading through {@code client} (a transaction's connection) on a cache miss. */
  public Uni<Optional<User>> find(SqlClient client, UUID id) {
    Instant now = Instant.now(clock);
    Cached cached = cache.get(id);
    if (cached != null && cached.loadedAt().plus(ttl).isAfter(now)) {
      return Uni.createFrom().item(Optional.of(cached.user()));
    }
    long before = changes.get();
    return client
        .preparedQuery(SELECT)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                cache.remove(id);
                return Optional.empty();
              }
              User user = map(id, it.next());
              if (cache.size() > 100_000) {
                cache.clear();
              }
              if (changes.get() == before) {
                cache.put(id, new Cached(user, now));
              }
              return Optional.of(user);
            });
  }

  private static User map(UUID id, Row row) {
    String[] roles = row.getArrayOfStrings("roles");
    String status =
        Boolean.TRUE.equals(row.getBoolean("deleted")) ? "deleted" : row.getString("status");
    Map<String, UserKey> keys = new HashMap<>();
    for (Object o : new JsonArray(row.getString("keys"))) {
      JsonObject k = (JsonObject) o;
      Object jwk = k.getValue("jwk");
      keys.put(
          k.getString("kid"),
          new UserKey(
              k.getString("kid"),
              k.getString("alg"),
              jwk instanceof JsonObject j ? j.encode() : String.valueOf(jwk),
              Boolean.TRUE.equals(k.getBoolean("revoked"))));
    }
    return new User(
        id,
        status,
        row.getLong("user_ver"),
        roles == null ? List.of() : Arrays.asList(roles),
        Map.copyOf(keys));
  }
}
