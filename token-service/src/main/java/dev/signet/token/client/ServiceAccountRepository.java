package dev.signet.token.client;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.token.config.TokenConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads admin-api's service accounts. Found accounts are cached so the token path does not pay a
 * round trip per request; unknown client ids are not cached. admin-api notifies {@value
 * DatabaseChannels#SERVICE_ACCOUNTS_CHANGED} with the client id in the transaction that changes an
 * account, and the entry is dropped when that arrives; the TTL only bounds staleness while the
 * listening connection is down (a reconnect drops everything).
 */
@ApplicationScoped
public class ServiceAccountRepository {

  private static final String SELECT =
      "SELECT id, client_id, secret_hash, secret_hash_version, previous_secret_hash,"
          + " previous_secret_hash_version, previous_secret_expires_at,"
          + " token_endpoint_auth_method, jwks::text AS jwks, scopes, allowed_audiences,"
          + " ip_allow_list, rate_limit_per_minute, status, expires_at, refresh_enabled,"
          + " device_grant_enabled"
          + " FROM service_accounts WHERE client_id = $1";

  private record Cached(ServiceAccount account, Instant loadedAt) {}

  private final Pool pool;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** The configured public client (signet.token.cli-client-id); it has no row. */
  private String publicClientId;

  /** The configured console client; it has no row either. */
  private CodeClients codeClients;

  /** Counts notifications, so a read that raced one does not cache what it read. */
  private final AtomicLong changes = new AtomicLong();

  @Inject
  ServiceAccountRepository(
      Pool pool,
      TokenConfig config,
      Clock clock,
      DatabaseChannels channels,
      CodeClients codeClients) {
    this(pool, config.clientCacheTtl(), clock, channels);
    this.publicClientId = config.cliClientId().orElse(null);
    this.codeClients = codeClients;
  }

  ServiceAccountRepository(Pool pool, Duration ttl, Clock clock, DatabaseChannels channels) {
    this.pool = pool;
    this.ttl = ttl;
    this.clock = clock;
    channels.listen(DatabaseChannels.SERVICE_ACCOUNTS_CHANGED, this::changed);
  }

  /** A notified client id is read again on its next use; {@code null} means anything changed. */
  void changed(String clientId) {
    changes.incrementAndGet();
    if (clientId == null) {
      cache.clear();
    } else {
      cache.remove(clientId);
    }
  }

  public Uni<Optional<ServiceAccount>> findByClientId(String clientId) {
    if (clientId.equals(publicClientId)) {
      return Uni.createFrom().item(Optional.of(ServiceAccount.publicClient(clientId)));
    }
    Optional<ServiceAccount> console =
        codeClients == null ? Optional.empty() : codeClients.consoleAccount(clientId);
    if (console.isPresent()) {
      return Uni.createFrom().item(console);
    }
    Instant now = Instant.now(clock);
    Cached cached = cache.get(clientId);
    if (cached != null && cached.loadedAt().plus(ttl).isAfter(now)) {
      return Uni.createFrom().item(Optional.of(cached.account()));
    }
    long changesBefore = changes.get();
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(clientId))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                cache.remove(clientId);
                return Optional.empty();
              }
              ServiceAccount account = map(it.next());
              if (cache.size() > 100_000) {
                cache.clear();
              }
              if (changes.get() == changesBefore) {
                cache.put(clientId, new Cached(account, now));
              }
              return Optional.of(account);
            });
  }

  private static ServiceAccount map(Row row) {
    return new ServiceAccount(
        row.getUUID("id"),
        row.getString("client_id"),
        bytes(row, "secret_hash"),
        row.getInteger("secret_hash_version"),
        bytes(row, "previous_secret_hash"),
        row.getInteger("previous_secret_hash_version"),
        instant(row.getOffsetDateTime("previous_secret_expires_at")),
        row.getString("token_endpoint_auth_method"),
        row.getString("jwks"),
        new LinkedHashSet<>(strings(row, "scopes")),
        strings(row, "allowed_audiences"),
        strings(row, "ip_allow_list"),
        row.getInteger("rate_limit_per_minute"),
        row.getString("status"),
        instant(row.getOffsetDateTime("expires_at")),
        Boolean.TRUE.equals(row.getBoolean("refresh_enabled")),
        Boolean.TRUE.equals(row.getBoolean("device_grant_enabled")));
  }

  private static byte[] bytes(Row row, String column) {
    var buffer = row.getBuffer(column);
    return buffer == null ? null : buffer.getBytes();
  }

  private static List<String> strings(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? List.of() : Arrays.asList(values);
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
