package dev.signet.cert.records;

import dev.signet.cert.local.LocalCa;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and revocations of {@code certificates}; listing is keyset-paged on (created_at, serial).
 */
@ApplicationScoped
public class CertificateRecords {

  /** Filters of a listing; null means "any". */
  public record Filter(
      String requestedBy, String status, String kind, String issuer, java.util.UUID buildSession) {}

  /** A page and the cursor of the next one (null on the last page). */
  public record Page(List<CertificateRecord> items, Cursor next) {}

  private final Pool pool;

  CertificateRecords(Pool pool) {
    this.pool = pool;
  }

  public Uni<Page> list(Filter filter, Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + CertificateRecord.COLUMNS + " FROM certificates WHERE true");
    List<Object> args = new ArrayList<>();
    add(sql, args, "requested_by", filter.requestedBy());
    add(sql, args, "status", filter.status());
    add(sql, args, "kind", filter.kind());
    add(sql, args, "issuer_kind", filter.issuer());
    add(sql, args, "build_session_id", filter.buildSession());
    if (after != null) {
      args.add(after.createdAt().atOffset(ZoneOffset.UTC));
      args.add(after.serial());
      sql.append(" AND (created_at, serial_number) < ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY created_at DESC, serial_number DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              List<CertificateRecord> items = new ArrayList<>();
              rows.forEach(row -> items.add(CertificateRecord.from(row, false)));
              if (items.size() <= limit) {
                return new Page(items, null);
              }
              List<CertificateRecord> page = items.subList(0, limit);
              CertificateRecord last = page.get(limit - 1);
              return new Page(List.copyOf(page), new Cursor(last.createdAt(), last.serialNumber()));
            });
  }

  public Uni<CertificateRecord> find(String serial) {
    return pool.preparedQuery(
            "SELECT "
                + CertificateRecord.COLUMNS
                + ", certificate_pem FROM certificates WHERE serial_number = $1")
        .execute(Tuple.of(serial))
        .map(rows -> rows.iterator().hasNext() ? CertificateRecord.from(first(rows), true) : null);
  }

  /** Marks a certificate revoked; false when it was not found or already revoked. */
  Uni<Boolean> revoke(SqlConnection tx, String serial, RevocationReason reason, Instant at) {
    return tx.preparedQuery(
            "UPDATE certificates SET status = 'revoked', revoked_at = $2, revoke_reason = $3"
                + " WHERE serial_number = $1 AND status = 'issued'")
        .execute(Tuple.of(serial, at.atOffset(ZoneOffset.UTC), reason.wire()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The revoked, unexpired certificates one local CA issued (what its CRL must list). */
  public Uni<List<LocalCa.Revoked>> revokedLocal(String kind, Instant now) {
    return pool.preparedQuery(
            "SELECT serial_number, revoked_at, revoke_reason FROM certificates WHERE"
                + " issuer_kind = 'LOCAL' AND kind = $1 AND status = 'revoked' AND not_after > $2"
                + " ORDER BY revoked_at LIMIT 100000")
        .execute(Tuple.of(kind, now.atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              List<LocalCa.Revoked> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(
                    new LocalCa.Revoked(
                        new BigInteger(row.getString("serial_number"), 16),
                        row.getOffsetDateTime("revoked_at").toInstant(),
                        RevocationReason.of(row.getString("revoke_reason"))
                            .orElse(RevocationReason.UNSPECIFIED)
                            .code()));
              }
              return out;
            });
  }

  private static void add(StringBuilder sql, List<Object> args, String column, Object value) {
    if (value != null) {
      args.add(value);
      sql.append(" AND ").append(column).append(" = $").append(args.size());
    }
  }

  private static Row first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    return rows.iterator().next();
  }
}
