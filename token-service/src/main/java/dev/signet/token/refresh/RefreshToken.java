package dev.signet.token.refresh;

import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One row of {@code refresh_tokens}: a refresh token of a family, stored only as its HMAC. Rotation
 * marks it {@code rotated} and links the successor; revoking the family revokes every member.
 */
public class RefreshToken {

  public static final String ACTIVE = "active";
  public static final String ROTATED = "rotated";
  public static final String REVOKED = "revoked";
  public static final String EXPIRED = "expired";

  /** Every column, in the order of {@link #from(Row)} and {@link #insertValues()}. */
  static final String COLUMNS =
      "id, token_hash, hash_version, family_id, parent_id, successor_id, client_id, subject,"
          + " scope, audience, status, rotation_count, issued_at, expires_at, rotated_at,"
          + " revoked_at, revoke_reason, ip, user_agent, family_started_at";

  static final String INSERT =
      "INSERT INTO refresh_tokens ("
          + COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
          + " $18, $19, $20)";

  public UUID id;
  public byte[] tokenHash;
  public int hashVersion;
  public UUID familyId;
  public UUID parentId;
  public UUID successorId;
  public String clientId;
  public String subject;
  public String scope;
  public String audience;
  public String status;
  public int rotationCount;
  public Instant issuedAt;
  public Instant expiresAt;
  public Instant rotatedAt;
  public Instant revokedAt;
  public String revokeReason;
  public String ip;
  public String userAgent;

  /** When the family's first token was issued; a family never outlives it by its max lifetime. */
  public Instant familyStartedAt;

  static RefreshToken from(Row row) {
    RefreshToken t = new RefreshToken();
    t.id = row.getUUID("id");
    t.tokenHash = row.getBuffer("token_hash").getBytes();
    t.hashVersion = row.getInteger("hash_version");
    t.familyId = row.getUUID("family_id");
    t.parentId = row.getUUID("parent_id");
    t.successorId = row.getUUID("successor_id");
    t.clientId = row.getString("client_id");
    t.subject = row.getString("subject");
    t.scope = row.getString("scope");
    t.audience = row.getString("audience");
    t.status = row.getString("status");
    t.rotationCount = row.getInteger("rotation_count");
    t.issuedAt = instant(row.getOffsetDateTime("issued_at"));
    t.expiresAt = instant(row.getOffsetDateTime("expires_at"));
    t.rotatedAt = instant(row.getOffsetDateTime("rotated_at"));
    t.revokedAt = instant(row.getOffsetDateTime("revoked_at"));
    t.revokeReason = row.getString("revoke_reason");
    t.ip = row.getString("ip");
    t.userAgent = row.getString("user_agent");
    t.familyStartedAt = instant(row.getOffsetDateTime("family_started_at"));
    return t;
  }

  Tuple insertValues() {
    return Tuple.tuple()
        .addUUID(id)
        .addBuffer(Buffer.buffer(tokenHash))
        .addInteger(hashVersion)
        .addUUID(familyId)
        .addUUID(parentId)
        .addUUID(successorId)
        .addString(clientId)
        .addString(subject)
        .addString(scope)
        .addString(audience)
        .addString(status)
        .addInteger(rotationCount)
        .addOffsetDateTime(at(issuedAt))
        .addOffsetDateTime(at(expiresAt))
        .addOffsetDateTime(at(rotatedAt))
        .addOffsetDateTime(at(revokedAt))
        .addString(revokeReason)
        .addString(ip)
        .addString(userAgent)
        .addOffsetDateTime(at(familyStartedAt));
  }

  static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
