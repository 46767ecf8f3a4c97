package dev.signet.token.introspect;

import dev.signet.common.auth.RevocationCheck;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.token.admin.RevocationCutoffs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.jose4j.jwt.MalformedClaimException;

/**
 * token-service owns the revocation state, so it checks its own tables: the RFC 7009 jti denylist
 * and the client/subject-wide "revoked before" cutoffs. Used by introspection and for the bearer
 * tokens of token-service's own APIs; replaces common's introspection-based check here.
 */
@ApplicationScoped
public class LocalRevocationCheck implements RevocationCheck {

  private final Pool pool;

  LocalRevocationCheck(Pool pool) {
    this.pool = pool;
  }

  /** Denylist and cutoffs in one round trip: introspection is on resource servers' hot path. */
  private static final String REVOKED =
      "SELECT EXISTS (SELECT 1 FROM revoked_jtis WHERE jti = $1)"
          + " OR EXISTS (SELECT 1 FROM token_revocation_cutoffs WHERE "
          + RevocationCutoffs.covers("$2", "$3", "$4")
          + ")";

  @Override
  public Uni<Boolean> revoked(String jwt, VerifiedToken token) {
    if (token.jti() == null) {
      return Uni.createFrom().item(true);
    }
    OffsetDateTime issuedAt;
    try {
      issuedAt = RevocationCutoffs.issuedAt(token).orElse(null);
    } catch (MalformedClaimException e) {
      return Uni.createFrom().item(true);
    }
    return pool.preparedQuery(REVOKED)
        .execute(Tuple.of(token.jti(), token.clientId(), token.subject(), issuedAt))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }
}
