package dev.signet.token.introspect;

import dev.signet.common.auth.RevocationCheck;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.token.admin.RevocationCutoffs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * token-service owns the revocation state, so it checks its own tables: the RFC 7009 jti denylist
 * and the client/subject-wide "revoked before" cutoffs. Used by introspection and for the bearer
 * tokens of token-service's own APIs; replaces common's introspection-based check here.
 */
@ApplicationScoped
public class LocalRevocationCheck implements RevocationCheck {

  private final Pool pool;
  private final RevocationCutoffs cutoffs;

  LocalRevocationCheck(Pool pool, RevocationCutoffs cutoffs) {
    this.pool = pool;
    this.cutoffs = cutoffs;
  }

  @Override
  public Uni<Boolean> revoked(String jwt, VerifiedToken token) {
    if (token.jti() == null) {
      return Uni.createFrom().item(true);
    }
    return pool.preparedQuery("SELECT 1 FROM revoked_jtis WHERE jti = $1")
        .execute(Tuple.of(token.jti()))
        .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(true) : cutoffs.refuses(token));
  }
}
