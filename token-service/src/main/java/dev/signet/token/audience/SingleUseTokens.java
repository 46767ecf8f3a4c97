package dev.signet.token.audience;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Single-use audience tokens: the resource server introspects with {@code consume=true} and only
 * the first such call finds the token active. One insert decides it ({@code audience_token_uses},
 * shared by replicas), so two concurrent uses cannot both win; rows go when the token expires.
 */
@ApplicationScoped
public class SingleUseTokens {

  /** Claim of an audience-scoped token whose audience is single-use. */
  public static final String CLAIM = "single_use";

  private final Pool pool;

  SingleUseTokens(Pool pool) {
    this.pool = pool;
  }

  /** True for the one use that consumed the token, false for every later one. */
  public Uni<Boolean> consume(String jti, long expiresAt) {
    return pool.preparedQuery(
            "INSERT INTO audience_token_uses (jti, expires_at) VALUES ($1, $2)"
                + " ON CONFLICT (jti) DO NOTHING")
        .execute(Tuple.of(jti, Instant.ofEpochSecond(expiresAt).atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Whether the token was consumed already. */
  public Uni<Boolean> used(String jti) {
    return pool.preparedQuery("SELECT 1 FROM audience_token_uses WHERE jti = $1")
        .execute(Tuple.of(jti))
        .map(rows -> rows.size() > 0);
  }
}
