package dev.signet.token.authorize;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code authorization_codes}: what the person approved, for one exchange. */
public record AuthorizationCode(
    byte[] hash,
    String clientId,
    UUID userId,
    long userVer,
    String sessionId,
    String redirectUri,
    String scope,
    String codeChallenge,
    String nonce,
    Instant authTime,
    Instant expiresAt,
    Instant usedAt,
    UUID familyId) {

  static final String COLUMNS =
      "code_hash, client_id, user_id, user_ver, session_id, redirect_uri, scope, code_challenge,"
          + " nonce, auth_time, expires_at, used_at, family_id";

  static AuthorizationCode from(Row row) {
    return new AuthorizationCode(
        row.getBuffer("code_hash").getBytes(),
        row.getString("client_id"),
        row.getUUID("user_id"),
        row.getLong("user_ver"),
        row.getString("session_id"),
        row.getString("redirect_uri"),
        row.getString("scope"),
        row.getString("code_challenge"),
        row.getString("nonce"),
        row.getOffsetDateTime("auth_time").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant(),
        row.getOffsetDateTime("used_at") == null
            ? null
            : row.getOffsetDateTime("used_at").toInstant(),
        row.getUUID("family_id"));
  }

  boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
