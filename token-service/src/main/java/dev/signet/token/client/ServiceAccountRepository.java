package dev.signet.token.client;

import dev.signet.token.config.TokenConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads admin-api's service accounts. Found accounts are cached for a few seconds so the token path
 * does not pay a round trip per request; unknown client ids are not cached.
 */
@ApplicationScoped
public class ServiceAccountRepository {

  private static final String SELECT =
      "SELECT id, client_id, secret_hash, secret_hash_version, previous_secret_hash,"
          + " previous_secret_hash_version, previous_secret_expires_at,"
          + " token_endpoint_auth_method, jwks::text AS jwks, scopes, allowed_audiences,"
          + " ip_allow_list, rate_limit_per_minute, status, expires_at, refresh_enabled"
          + " FROM service_accounts WHERE client_id = $1";

  private record Cached(ServiceAccount account, Instant loadedAt) {}

  private final Pool pool;
  private final TokenConfig config;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  ServiceAccountRepository(Pool pool, TokenConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
  }

  public Uni<Optional<ServiceAccount>> findByClientId(String clientId) {
    Instant now = Instant.now(clock);
    Cached cached = cache.get(clientId);
    if (cached != null && cached.loadedAt().plus(config.clientCacheTtl()).isAfter(now)) {
      return Uni.createFrom().item(Optional.of(cached.account()));
    }
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
              cache.put(clientId, new Cached(account, now));
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
        Boolean.TRUE.equals(row.getBoolean("refresh_enabled")));
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
