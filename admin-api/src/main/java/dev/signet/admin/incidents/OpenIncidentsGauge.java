package dev.signet.admin.incidents;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code signet_incidents_open}: incidents not yet resolved, refreshed on a schedule because a
 * gauge is read synchronously and must not query the database on the scrape thread.
 */
@ApplicationScoped
public class OpenIncidentsGauge {

  private final Pool pool;
  private final AtomicLong open = new AtomicLong();

  OpenIncidentsGauge(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    Gauge.builder("signet_incidents_open", open, AtomicLong::get)
        .description("Incidents that are open or acknowledged")
        .register(registry);
  }

  @Scheduled(
      every = "30s",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> refresh() {
    return pool.query("SELECT count(*) AS n FROM incidents WHERE status <> 'resolved'")
        .execute()
        .invoke(rows -> open.set(rows.iterator().next().getLong("n")))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
