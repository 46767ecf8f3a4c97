package dev.signet.cert.server;

import dev.signet.common.http.IpRange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code cert_server_policies} table: one row per service account allowed server certs. */
@ApplicationScoped
public class ServerPolicies {

  private final Pool pool;

  ServerPolicies(Pool pool) {
    this.pool = pool;
  }

  /** The account's policy, or null when it may not obtain server certificates. */
  public Uni<ServerPolicy> find(String account) {
    return pool.preparedQuery(
            "SELECT account, dns_patterns, ip_cidrs, allow_wildcards FROM cert_server_policies"
                + " WHERE account = $1")
        .execute(Tuple.of(account))
        .map(rows -> rows.iterator().hasNext() ? from(rows.iterator().next()) : null);
  }

  /** Every policy, by account. Few rows (one per server-certificate account). */
  public Uni<List<ServerPolicy>> all() {
    return pool.query(
            "SELECT account, dns_patterns, ip_cidrs, allow_wildcards FROM cert_server_policies"
                + " ORDER BY account LIMIT 1000")
        .execute()
        .map(
            rows -> {
              List<ServerPolicy> out = new ArrayList<>();
              rows.forEach(row -> out.add(from(row)));
              return out;
            });
  }

  /** Inserts or replaces; true when the row was new. */
  Uni<Boolean> upsert(SqlConnection tx, ServerPolicy policy, String actor) {
    return tx.preparedQuery(
            "INSERT INTO cert_server_policies (account, dns_patterns, ip_cidrs, allow_wildcards,"
                + " updated_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account) DO UPDATE SET"
                + " dns_patterns = EXCLUDED.dns_patterns, ip_cidrs = EXCLUDED.ip_cidrs,"
                + " allow_wildcards = EXCLUDED.allow_wildcards, updated_by = EXCLUDED.updated_by,"
                + " updated_at = now() RETURNING (xmax = 0) AS inserted")
        .execute(
            Tuple.from(
                new Object[] {
                  policy.account(),
                  policy.dnsPatterns().stream().map(DnsName::text).toArray(String[]::new),
                  policy.ipCidrs().toArray(String[]::new),
                  policy.allowWildcards(),
                  actor
                }))
        .map(rows -> rows.iterator().next().getBoolean("inserted"));
  }

  Uni<Boolean> delete(SqlConnection tx, String account) {
    return tx.preparedQuery("DELETE FROM cert_server_policies WHERE account = $1")
        .execute(Tuple.of(account))
        .map(rows -> rows.rowCount() > 0);
  }

  private static ServerPolicy from(Row row) {
    List<DnsName> patterns =
        Arrays.stream(row.getArrayOfStrings("dns_patterns")).map(DnsName::parse).toList();
    List<String> cidrs = List.of(row.getArrayOfStrings("ip_cidrs"));
    List<IpRange> ranges = cidrs.stream().map(c -> IpRange.parse(c).orElseThrow()).toList();
    return new ServerPolicy(
        row.getString("account"), patterns, ranges, cidrs, row.getBoolean("allow_wildcards"));
  }
}
