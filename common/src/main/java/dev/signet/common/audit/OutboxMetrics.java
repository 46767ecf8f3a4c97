package dev.signet.common.audit;

import dev.signet.common.config.ServiceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes how many audit events wait in this service's outbox and how old the oldest is, so an
 * alert fires when delivery to admin-api stalls. Read on a timer, never on a request path. Created
 * at start ({@link Startup}) so the gauges exist from the first scrape, not only after the first
 * timer run or dead letter made the bean.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

  private final Pool pool;
  private final ServiceConfig service;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lagSeconds = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final Counter deadLettered;

  OutboxMetrics(Pool pool, ServiceConfig service, MeterRegistry registry) {
    this.pool = pool;
    this.service = service;
    Gauge.builder("signet.outbox.backlog", backlog, AtomicLong::get)
        .description("Audit events recorded but not yet delivered to admin-api")
        .tag("service", service.name())
        .register(registry);
    Gauge.builder("signet.outbox.delivery.lag.seconds", lagSeconds, AtomicLong::get)
        .description("Age of the oldest undelivered audit event")
        .tag("service", service.name())
        .register(registry);
    Gauge.builder("signet.outbox.dead.letters", deadLetters, AtomicLong::get)
        .description("Audit events admin-api refused, set aside until an admin retries them")
        .tag("service", service.name())
        .register(registry);
    this.deadLettered =
        Counter.builder("signet.outbox.dead.lettered")
            .description("Audit events made dead letters since start")
            .tag("service", service.name())
            .register(registry);
  }

  /** One more event became a dead letter; the gauge follows at the next refresh. */
  void deadLettered() {
    deadLettered.increment();
    deadLetters.incrementAndGet();
  }

  @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> refresh() {
    return pool.preparedQuery(
            "SELECT count(*) FILTER (WHERE dead_at IS NULL) AS pending,"
                + " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER"
                + " (WHERE dead_at IS NULL)), 0)::bigint AS lag,"
                + " count(*) FILTER (WHERE dead_at IS NOT NULL) AS dead"
                + " FROM outbox WHERE service = $1 AND sent_at IS NULL")
        .execute(Tuple.of(service.name()))
        .invoke(
            rows -> {
              Row row = rows.iterator().next();
              backlog.set(row.getLong("pending"));
              lagSeconds.set(row.getLong("lag"));
              deadLetters.set(row.getLong("dead"));
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
