package dev.signet.token.device;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * token-service's {@code device_codes}: the device code is kept only as its versioned HMAC (looked
 * up under every key version, so a rotation of the HMAC key does not strand a pending flow), the
 * user code normalised.
 */
@ApplicationScoped
public class DeviceCodes {

  private final SecretHasher hasher;

  DeviceCodes(SecretHasher hasher) {
    this.hasher = hasher;
  }

  /** Stores a new pending authorization; false when the user code is taken (retry another). */
  Uni<Boolean> insert(
      SqlClient client,
      String deviceCode,
      String userCode,
      String clientId,
      String scope,
      int interval,
      Instant expiresAt,
      String ip,
      String userAgent) {
    HashedSecret hashed = hasher.hash(deviceCode);
    return client
        .preparedQuery(
            "INSERT INTO device_codes (device_code_hash, hash_version, user_code, client_id,"
                + " scope, status, interval_seconds, expires_at, requested_ip, user_agent)"
                + " VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9)"
                + " ON CONFLICT (user_code) DO NOTHING")
        .execute(
            Tuple.from(
                List.of(
                    Buffer.buffer(hashed.hash()),
                    hashed.version(),
                    userCode,
                    clientId,
                    scope,
                    interval,
                    expiresAt.atOffset(ZoneOffset.UTC),
                    ip == null ? "" : ip,
                    userAgent == null ? "" : userAgent)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The row of a presented device code, locked for this poll. */
  Uni<Optional<DeviceCode>> lockByDeviceCode(SqlConnection tx, String deviceCode) {
    List<HashedSecret> candidates = hasher.candidates(deviceCode);
    Buffer[] hashes = candidates.stream().map(h -> Buffer.buffer(h.hash())).toArray(Buffer[]::new);
    return tx.preparedQuery(
            "SELECT "
                + DeviceCode.COLUMNS
                + " FROM device_codes WHERE device_code_hash = ANY($1) FOR UPDATE")
        .execute(Tuple.of(hashes))
        .map(DeviceCodes::first);
  }

  Uni<Optional<DeviceCode>> byUserCode(SqlClient client, String userCode) {
    return client
        .preparedQuery("SELECT " + DeviceCode.COLUMNS + " FROM device_codes WHERE user_code = $1")
        .execute(Tuple.of(userCode))
        .map(DeviceCodes::first);
  }

  /** Records a poll: when, and the interval from now on (raised by slow_down). */
  Uni<Void> polled(SqlConnection tx, DeviceCode row, Instant at, int interval) {
    return tx.preparedQuery(
            "UPDATE device_codes SET last_polled_at = $2, interval_seconds = $3"
                + " WHERE device_code_hash = $1")
        .execute(Tuple.of(Buffer.buffer(row.hash()), at.atOffset(ZoneOffset.UTC), interval))
        .replaceWithVoid();
  }

  Uni<Void> consumed(SqlConnection tx, DeviceCode row) {
    return tx.preparedQuery(
            "UPDATE device_codes SET status = 'consumed' WHERE device_code_hash = $1")
        .execute(Tuple.of(Buffer.buffer(row.hash())))
        .replaceWithVoid();
  }

  /**
   * The person's decision, once: only a pending, unexpired code changes; false when it was decided
   * already or expired meanwhile.
   */
  Uni<Boolean> decide(
      SqlClient client,
      String userCode,
      boolean approve,
      String subject,
      String akid,
      Instant now) {
    return client
        .preparedQuery(
            "UPDATE device_codes SET status = $2, subject = $3, akid = $4, decided_at = $5"
                + " WHERE user_code = $1 AND status = 'pending' AND expires_at > $5")
        .execute(
            Tuple.of(
                userCode,
                approve ? DeviceCode.APPROVED : DeviceCode.DENIED,
                subject,
                akid,
                now.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Optional<DeviceCode> first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    RowIterator<Row> it = rows.iterator();
    return it.hasNext() ? Optional.of(DeviceCode.from(it.next())) : Optional.empty();
  }
}
