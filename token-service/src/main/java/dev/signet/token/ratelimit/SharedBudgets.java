package dev.signet.token.ratelimit;

import dev.signet.token.oauth.OAuthException;
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
 * Fixed-window budgets counted in PostgreSQL ({@code token_request_budgets}), so every replica
 * draws on the same one: the in-memory {@link RateLimiter} is per replica, which a guesser spreads
 * over. A draw is its own statement, outside the request's transaction, so a request that fails
 * afterwards still used its share.
 */
@ApplicationScoped
public class SharedBudgets {

  private static final String DRAW =
      "INSERT INTO token_request_budgets (bucket, subject, window_start, used) VALUES ($1, $2, $3,"
          + " 1) ON CONFLICT (bucket, subject, window_start) DO UPDATE SET used ="
          + " token_request_budgets.used + 1 RETURNING used";

  private static final String USED =
      "SELECT used FROM token_request_budgets WHERE bucket = $1 AND subject = $2"
          + " AND window_start = $3";

  private final Pool pool;
  private final Clock clock;

  SharedBudgets(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Draws one from the budget of {@code subject}; fails with 429 (Retry-After) once used up. */
  public Uni<Void> draw(String bucket, String subject, int limit, Duration window) {
    if (limit <= 0) {
      return Uni.createFrom().voidItem();
    }
    Window w = window(window);
    return pool.preparedQuery(DRAW)
        .execute(Tuple.of(bucket, subject, w.start()))
        .map(rows -> rows.iterator().next().getInteger("used"))
        .invoke(used -> w.refuseAbove(used, limit))
        .replaceWithVoid();
  }

  /** Fails with 429 when the budget is used up already, drawing nothing. */
  public Uni<Void> check(String bucket, String subject, int limit, Duration window) {
    if (limit <= 0) {
      return Uni.createFrom().voidItem();
    }
    Window w = window(window);
    return pool.preparedQuery(USED)
        .execute(Tuple.of(bucket, subject, w.start()))
        .invoke(
            rows -> {
              var it = rows.iterator();
              if (it.hasNext()) {
                w.refuseAbove(it.next().getInteger("used") + 1, limit);
              }
            })
        .replaceWithVoid();
  }

  private record Window(OffsetDateTime start, long endMillis, long nowMillis) {
    void refuseAbove(int used, int limit) {
      if (used > limit) {
        throw OAuthException.rateLimited(Math.max(1, (endMillis - nowMillis + 999) / 1000));
      }
    }
  }

  private Window window(Duration window) {
    long millis = window.toMillis();
    long now = clock.millis();
    long start = now - Math.floorMod(now, millis);
    return new Window(Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC), start + millis, now);
  }

  /** Windows older than a day hold nothing anyone draws on. */
  @Scheduled(every = "10m", delayed = "1m")
  Uni<Void> sweep() {
    return pool.preparedQuery("DELETE FROM token_request_budgets WHERE window_start < $1")
        .execute(Tuple.of(Instant.now(clock).minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }
}
