package dev.signet.keyring.rotation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;

/**
 * The longest lifetime of a signed token and the clock skew, read from token-service's {@code
 * token_policy} (refresh tokens are opaque, so they are not counted). Both are clamped to what the
 * key ring plans for: another service's table must not be able to overflow the retire arithmetic.
 */
public record TokenLifetimes(Duration longest, Duration clockSkew) {

  /** Used when token_policy has no row yet. */
  public static final TokenLifetimes DEFAULTS =
      new TokenLifetimes(Duration.ofDays(1), Duration.ofSeconds(30));

  public static Uni<TokenLifetimes> read(Pool pool) {
    return pool.query(
            "SELECT GREATEST(access_token_ttl_seconds, agent_token_ttl_seconds,"
                + " audience_token_ttl_seconds) AS longest, clock_skew_seconds"
                + " FROM token_policy WHERE id = 'default'")
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return DEFAULTS;
              }
              Row row = rows.iterator().next();
              return new TokenLifetimes(
                  Duration.ofSeconds(
                      clamp(row.getLong("longest"), PolicyBounds.TOKEN_LIFETIME_MAX)),
                  Duration.ofSeconds(
                      clamp(row.getInteger("clock_skew_seconds"), PolicyBounds.CLOCK_SKEW_MAX)));
            });
  }

  private static long clamp(Number value, long max) {
    long v = value == null ? 0 : value.longValue();
    return Math.max(0, Math.min(v, max));
  }
}
