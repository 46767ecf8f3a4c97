package dev.signet.admin.overview;

import dev.signet.admin.AdminConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the overview's counts straight from the shared tables (counting is the one thing admin-api
 * may do on tables it does not own): three queries run side by side.
 */
@ApplicationScoped
public class OverviewQueries {

  private static final String COUNTS =
      """
      SELECT
        (SELECT count(*) FROM service_accounts
          WHERE status = 'active' AND (expires_at IS NULL OR expires_at > $1)) AS sa_active,
        (SELECT count(*) FROM service_accounts WHERE status = 'disabled') AS sa_disabled,
        (SELECT count(*) FROM users WHERE status = 'active') AS users_active,
        (SELECT count(*) FROM users WHERE status = 'invited') AS users_invited,
        (SELECT count(*) FROM users WHERE status = 'disabled') AS users_disabled,
        (SELECT count(DISTINCT agent_id) FROM agent_credentials
          WHERE status = 'active' AND (expires_at IS NULL OR expires_at > $1)) AS agents_active,
        (SELECT count(*) FROM audit_events
          WHERE type = ANY($2) AND occurred_at > $1 - interval '1 hour') AS issued_hour,
        (SELECT count(*) FROM audit_events
          WHERE type = ANY($2) AND occurred_at > $1 - interval '1 day') AS issued_day,
        (SELECT count(*) FROM audit_events
          WHERE type = ANY($3) AND occurred_at > $1 - interval '1 hour') AS failures_hour,
        (SELECT count(*) FROM audit_events
          WHERE type = ANY($3) AND occurred_at > $1 - interval '1 day') AS failures_day,
        (SELECT count(*) FROM incidents WHERE status = 'open') AS incidents_open,
        (SELECT count(*) FROM incidents WHERE status = 'acknowledged') AS incidents_ack,
        (SELECT count(*) FROM certificates) AS certs_issued,
        (SELECT count(*) FROM certificates WHERE created_at > $1 - interval '1 day') AS certs_day,
        (SELECT count(*) FROM certificates WHERE status = 'revoked') AS certs_revoked,
        COALESCE(
          (SELECT min(activates_at) FROM signing_keys
            WHERE state = 'pending' AND activates_at IS NOT NULL),
          (SELECT max(k.activated_at) + make_interval(secs => p.rotation_interval_seconds)
             FROM signing_keys k CROSS JOIN rotation_policy p
            WHERE k.state = 'active' AND p.id = 'default'
            GROUP BY p.rotation_interval_seconds)) AS next_rotation
      """;

  private final Pool pool;
  private final AdminConfig config;
  private final Clock clock;

  OverviewQueries(Pool pool, AdminConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
  }

  public Uni<Overview> load() {
    Instant now = Instant.now(clock);
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    Uni<Row> counts =
        pool.preparedQuery(COUNTS)
            .execute(
                Tuple.of(
                    at,
                    config.overview().issuedEventTypes().toArray(new String[0]),
                    config.overview().authFailureEventTypes().toArray(new String[0])))
            .map(rows -> rows.iterator().next());
    Uni<Map<String, Long>> keys =
        pool.query("SELECT state, count(*) AS n FROM signing_keys GROUP BY state")
            .execute()
            .map(OverviewQueries::keysByState);
    Uni<Map<String, Long>> backlog =
        pool.query(
                "SELECT service, count(*) AS n FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL"
                    + " GROUP BY service ORDER BY service")
            .execute()
            .map(rows -> toMap(rows, "service"));
    return Uni.combine()
        .all()
        .unis(counts, keys, backlog)
        .with((row, byState, pending) -> toOverview(now, row, byState, pending));
  }

  private static Overview toOverview(
      Instant now, Row r, Map<String, Long> byState, Map<String, Long> backlog) {
    OffsetDateTime next = r.getOffsetDateTime("next_rotation");
    return new Overview(
        now,
        new Overview.Accounts(r.getLong("sa_active"), r.getLong("sa_disabled")),
        new Overview.Users(
            r.getLong("users_active"), r.getLong("users_invited"), r.getLong("users_disabled")),
        new Overview.Agents(r.getLong("agents_active")),
        new Overview.Keys(byState, next == null ? null : next.toInstant()),
        new Overview.Window(r.getLong("issued_hour"), r.getLong("issued_day")),
        new Overview.Window(r.getLong("failures_hour"), r.getLong("failures_day")),
        new Overview.Incidents(r.getLong("incidents_open"), r.getLong("incidents_ack")),
        new Overview.Certificates(
            r.getLong("certs_issued"), r.getLong("certs_day"), r.getLong("certs_revoked")),
        backlog);
  }

  private static Map<String, Long> keysByState(RowSet<Row> rows) {
    // Every state is listed, with 0 when no key is in it, so dashboards need no defaults.
    Map<String, Long> states = new LinkedHashMap<>();
    for (String s : new String[] {"pending", "active", "previous", "retired", "revoked"}) {
      states.put(s, 0L);
    }
    states.putAll(toMap(rows, "state"));
    return states;
  }

  private static Map<String, Long> toMap(RowSet<Row> rows, String keyColumn) {
    Map<String, Long> map = new TreeMap<>();
    for (Row row : rows) {
      map.put(row.getString(keyColumn), row.getLong("n"));
    }
    return map;
  }
}
