package dev.signet.token.admin;

import dev.signet.common.auth.VerifiedToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * "Revoked before" cutoffs per client and per subject. Access tokens are not stored one by one, so
 * revoking everything of a client or subject records the moment, and any access token of it issued
 * before that moment is refused by introspection. {@code iat} is whole seconds, so a cutoff T
 * covers {@code iat < floor(T)}: a token issued later in T's own second stays valid, and the ones
 * issued earlier in that second are on the jti denylist revoke-all fills at the same time.
 */
@ApplicationScoped
public class RevocationCutoffs {

  public static final String CLIENT = "client";
  public static final String SUBJECT = "subject";

  /** A cutoff that applies to a token. */
  public record Cutoff(Instant revokedBefore, String reason) {}

  private final Pool pool;

  RevocationCutoffs(Pool pool) {
    this.pool = pool;
  }

  /** Raises the cutoff of a client or subject to {@code at}, in the caller's transaction. */
  Uni<Integer> raise(
      SqlConnection tx, String kind, String value, Instant at, String reason, String actor) {
    return tx.preparedQuery(
            "INSERT INTO token_revocation_cutoffs (kind, value, revoked_before, reason, actor)"
                + " VALUES ($1, $2, $3, $4, $5)"
                + " ON CONFLICT (kind, value) DO UPDATE SET revoked_before ="
                + " GREATEST(token_revocation_cutoffs.revoked_before, EXCLUDED.revoked_before),"
                + " reason = EXCLUDED.reason, actor = EXCLUDED.actor")
        .execute(Tuple.of(kind, value, at.atOffset(ZoneOffset.UTC), reason, actor))
        .map(rows -> rows.rowCount());
  }

  /**
   * The condition on {@code token_revocation_cutoffs} under which a token is refused, for the
   * query's placeholders of its client, its subject and its issue time.
   */
  public static String covers(String clientId, String subject, String issuedAt) {
    return "((kind = 'client' AND value = "
        + clientId
        + ") OR (kind = 'subject' AND value = "
        + subject
        + ")) AND date_trunc('second', revoked_before) > "
        + issuedAt;
  }

  /**
   * When the token was issued, as a cutoff compares it; empty without {@code iat} (no cutoff
   * applies). A malformed {@code iat} throws: the caller refuses such a token.
   */
  public static Optional<OffsetDateTime> issuedAt(VerifiedToken token)
      throws MalformedClaimException {
    NumericDate iat = token.claims().getIssuedAt();
    return iat == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(iat.getValue()).atOffset(ZoneOffset.UTC));
  }

  /** The latest cutoff of the client or subject that covers {@code issuedAt}, if any. */
  Uni<Optional<Cutoff>> applying(String clientId, String subject, Instant issuedAt) {
    return pool.preparedQuery(
            "SELECT revoked_before, reason FROM token_revocation_cutoffs WHERE "
                + covers("$1", "$2", "$3")
                + " ORDER BY revoked_before DESC LIMIT 1")
        .execute(Tuple.of(clientId, subject, issuedAt.atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              OffsetDateTime at = row.getOffsetDateTime("revoked_before");
              return Optional.of(new Cutoff(at.toInstant(), row.getString("reason")));
            });
  }
}
