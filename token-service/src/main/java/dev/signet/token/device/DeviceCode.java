package dev.signet.token.device;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A row of {@code device_codes}: one device authorization and where it stands. */
public record DeviceCode(
    byte[] hash,
    String userCode,
    String clientId,
    String scope,
    String status,
    String subject,
    String akid,
    int intervalSeconds,
    Instant lastPolledAt,
    Instant createdAt,
    Instant expiresAt,
    String requestedIp,
    String userAgent) {

  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String DENIED = "denied";
  public static final String CONSUMED = "consumed";

  static final String COLUMNS =
      "device_code_hash, user_code, client_id, scope, status, subject, akid, interval_seconds,"
          + " last_polled_at, created_at, expires_at, requested_ip, user_agent";

  static DeviceCode from(Row row) {
    return new DeviceCode(
        row.getBuffer("device_code_hash").getBytes(),
        row.getString("user_code"),
        row.getString("client_id"),
        row.getString("scope"),
        row.getString("status"),
        row.getString("subject"),
        row.getString("akid"),
        row.getInteger("interval_seconds"),
        instant(row.getOffsetDateTime("last_polled_at")),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("expires_at")),
        row.getString("requested_ip"),
        row.getString("user_agent"));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  public boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
