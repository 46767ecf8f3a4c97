package dev.signet.admin.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a usage batch with one UPDATE: counts are added, last_used_at and last_used_ip follow the
 * later use. The account's optimistic-lock version is left alone, so usage never makes an admin's
 * edit conflict.
 */
@ApplicationScoped
public class UsageStore {

  private static final String SQL =
      "UPDATE service_accounts s SET usage_count = s.usage_count + u.n,"
          + " last_used_ip = CASE WHEN s.last_used_at IS NULL OR u.at >= s.last_used_at"
          + " THEN u.ip ELSE s.last_used_ip END,"
          + " last_used_at = GREATEST(s.last_used_at, u.at)"
          + " FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[])"
          + " AS u(client_id, n, at, ip)"
          + " WHERE s.client_id = u.client_id";

  private final Pool pool;

  UsageStore(Pool pool) {
    this.pool = pool;
  }

  /** Returns how many accounts were updated (unknown client ids are skipped). */
  public Uni<Integer> apply(List<UsageBatch.Item> items) {
    Map<String, UsageBatch.Item> merged = merge(items);
    if (merged.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    int n = merged.size();
    String[] ids = new String[n];
    Long[] counts = new Long[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] ips = new String[n];
    int i = 0;
    for (UsageBatch.Item item : merged.values()) {
      ids[i] = item.clientId();
      counts[i] = item.count();
      times[i] = item.lastUsedAt().atOffset(ZoneOffset.UTC);
      ips[i] = item.lastIp();
      i++;
    }
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(ids, counts, times, ips))
        .map(rows -> rows.rowCount());
  }

  /** One item per client: an UPDATE ... FROM would apply only one of several matching rows. */
  static Map<String, UsageBatch.Item> merge(List<UsageBatch.Item> items) {
    Map<String, UsageBatch.Item> merged = new LinkedHashMap<>();
    for (UsageBatch.Item item : items) {
      merged.merge(
          item.clientId(),
          item,
          (a, b) -> {
            UsageBatch.Item later = b.lastUsedAt().isAfter(a.lastUsedAt()) ? b : a;
            return new UsageBatch.Item(
                a.clientId(), a.count() + b.count(), later.lastUsedAt(), later.lastIp());
          });
    }
    return merged;
  }
}
