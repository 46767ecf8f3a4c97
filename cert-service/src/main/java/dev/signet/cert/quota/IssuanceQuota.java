package dev.signet.cert.quota;

import dev.signet.cert.CertConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Certificates per identity per clock hour, counted in {@code issuance_quota} so every replica
 * shares one count. One statement takes a unit or refuses: the upsert only increments below the
 * limit, so two replicas racing for the last unit cannot both get it.
 */
@ApplicationScoped
public class IssuanceQuota {

  private final Pool pool;
  private final CertConfig config;
  private final Clock clock;

  IssuanceQuota(Pool pool, CertConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Takes one unit of the subject's quota for this hour.
   *
   * @throws QuotaExceeded (in the Uni) when the hour's quota is used up
   */
  public Uni<Void> take(String subject) {
    int limit = config.quota().perHour();
    Instant now = clock.instant();
    Instant window = now.truncatedTo(ChronoUnit.HOURS);
    long retry = Math.max(1, Duration.between(now, window.plus(Duration.ofHours(1))).toSeconds());
    if (limit <= 0) {
      return Uni.createFrom().failure(refused(limit, retry));
    }
    return pool.preparedQuery(
            "INSERT INTO issuance_quota (subject, window_start, issued) VALUES ($1, $2, 1)"
                + " ON CONFLICT (subject, window_start) DO UPDATE"
                + " SET issued = issuance_quota.issued + 1 WHERE issuance_quota.issued < $3"
                + " RETURNING issued")
        .execute(Tuple.of(subject, window.atOffset(ZoneOffset.UTC), limit))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw refused(limit, retry);
              }
              return null;
            });
  }

  private static QuotaExceeded refused(int limit, long retry) {
    return new QuotaExceeded(limit, retry);
  }
}
