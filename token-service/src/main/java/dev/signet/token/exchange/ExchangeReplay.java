package dev.signet.token.exchange;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Each external token is exchanged once, on whichever replica: a row per token in {@code
 * exchange_replay}, keyed by a SHA-256 of its issuer and {@code jti} (or of the whole token when it
 * has none), kept until the token expires. An expired row may be taken over in the same statement,
 * so the table stays bounded by the tokens alive within the lifetime cap.
 */
@ApplicationScoped
public class ExchangeReplay {

  private static final String FIRST_USE =
      "INSERT INTO exchange_replay (key_hash, expires_at) VALUES ($1, $2)"
          + " ON CONFLICT (key_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at"
          + " WHERE exchange_replay.expires_at < now()";

  private final Pool pool;

  ExchangeReplay(Pool pool) {
    this.pool = pool;
  }

  /** True the first time the token is presented, false on every later presentation. */
  public Uni<Boolean> firstUse(String issuer, String jti, String token, Instant expiresAt) {
    byte[] key =
        jti == null || jti.isEmpty()
            ? sha256("token\u0000" + token)
            : sha256("jti\u0000" + issuer + "\u0000" + jti);
    return pool.preparedQuery(FIRST_USE)
        .execute(
            Tuple.of(io.vertx.core.buffer.Buffer.buffer(key), expiresAt.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
