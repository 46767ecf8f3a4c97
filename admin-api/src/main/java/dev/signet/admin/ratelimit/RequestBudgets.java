package dev.signet.admin.ratelimit;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Fixed-window budgets counted in PostgreSQL, so all replicas share them. A draw is its own
 * statement on the pool, outside the request's transaction: a request that fails afterwards (a
 * wrong token, say) still used up its share, which is the point for guessing.
 */
@ApplicationScoped
public class RequestBudgets {

  private static final String DRAW =
      "INSERT INTO admin_request_budgets (bucket, subject, window_start, used) VALUES ($1, $2, $3,"
          + " 1) ON CONFLICT (bucket, subject, window_start) DO UPDATE SET used ="
          + " admin_request_budgets.used + 1 RETURNING used";

  private final Pool pool;
  private final BudgetConfig config;
  private final Clock clock;

  RequestBudgets(Pool pool, BudgetConfig config, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
  }

  /** Draws one request from the budget of {@code subject}; fails with 429 once it is used up. */
  public Uni<Void> draw(String bucket, String subject, int limit) {
    if (limit <= 0) {
      return Uni.createFrom().voidItem();
    }
    long windowMillis = config.window().toMillis();
    long now = clock.millis();
    long start = now - Math.floorMod(now, windowMillis);
    OffsetDateTime windowStart = Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(DRAW)
        .execute(Tuple.of(bucket, subject, windowStart))
        .map(rows -> rows.iterator().next().getInteger("used"))
        .invoke(
            used -> {
              if (used > limit) {
                long retry = Math.max(1, (start + windowMillis - now + 999) / 1000);
                throw new BudgetExceeded(bucket, retry);
              }
            })
        .replaceWithVoid();
  }

  /** Windows older than a day hold nothing anyone draws on. */
  @Scheduled(every = "10m", delayed = "1m")
  Uni<Void> sweep() {
    Duration keep = config.window().plusDays(1);
    return pool.preparedQuery("DELETE FROM admin_request_budgets WHERE window_start < $1")
        .execute(Tuple.of(Instant.now(clock).minus(keep).atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }
}
