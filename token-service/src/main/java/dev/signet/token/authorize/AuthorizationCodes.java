package dev.signet.token.authorize;

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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * token-service's {@code authorization_codes}: a code is handed out once and kept only as its
 * versioned HMAC (looked up under every key version, so a rotation of the HMAC key does not strand
 * a code in flight).
 */
@ApplicationScoped
public class AuthorizationCodes {

  /** RFC 6749 section 4.1.2 recommends at most ten minutes; a redirect takes seconds. */
  public static final Duration TTL = Duration.ofSeconds(60);

  /** What the person approved, to be bound to a new code. */
  public record Approval(
      String clientId,
      UUID userId,
      long userVer,
      String sessionId,
      String redirectUri,
      String scope,
      String codeChallenge,
      String nonce,
      Instant authTime) {}

  private final SecretHasher hasher;

  AuthorizationCodes(SecretHasher hasher) {
    this.hasher = hasher;
  }

  /** Stores a new code for {@code approval}; the code itself is returned and never stored. */
  public Uni<String> issue(SqlClient client, Approval approval, Instant now) {
    String code = SecretHasher.newSecret();
    HashedSecret hashed = hasher.hash(code);
    return client
        .preparedQuery(
            "INSERT INTO authorization_codes (code_hash, hash_version, client_id, user_id,"
                + " user_ver, session_id, redirect_uri, scope, code_challenge, nonce, auth_time,"
                + " expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    Buffer.buffer(hashed.hash()),
                    hashed.version(),
                    approval.clientId(),
                    approval.userId(),
                    approval.userVer(),
                    approval.sessionId(),
                    approval.redirectUri(),
                    approval.scope(),
                    approval.codeChallenge(),
                    approval.nonce(),
                    approval.authTime().atOffset(ZoneOffset.UTC),
                    now.plus(TTL).atOffset(ZoneOffset.UTC))))
        .replaceWith(code);
  }

  /** The row of a presented code, locked for this exchange. */
  Uni<Optional<AuthorizationCode>> lock(SqlConnection tx, String code) {
    Buffer[] hashes =
        hasher.candidates(code).stream().map(h -> Buffer.buffer(h.hash())).toArray(Buffer[]::new);
    return tx.preparedQuery(
            "SELECT "
                + AuthorizationCode.COLUMNS
                + " FROM authorization_codes WHERE code_hash = ANY($1) FOR UPDATE")
        .execute(Tuple.of(hashes))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              return it.hasNext()
                  ? Optional.of(AuthorizationCode.from(it.next()))
                  : Optional.<AuthorizationCode>empty();
            });
  }

  /** Marks the code used, remembering the family it started (null when nothing was issued). */
  Uni<Void> used(SqlConnection tx, AuthorizationCode row, Instant at, UUID familyId) {
    return tx.preparedQuery(
            "UPDATE authorization_codes SET used_at = $2, family_id = $3 WHERE code_hash = $1")
        .execute(Tuple.of(Buffer.buffer(row.hash()), at.atOffset(ZoneOffset.UTC), familyId))
        .replaceWithVoid();
  }
}
