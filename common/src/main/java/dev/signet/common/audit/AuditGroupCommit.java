package dev.signet.common.audit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for audit rows that join no other change, such as the issuance of a
 * client_credentials token or a refused request. Each caller's row is queued; whenever fewer than
 * {@code groupCommitMaxInFlight} writes are running, everything queued so far goes to the outbox in
 * one INSERT (one round trip, one commit) and each caller is answered after that commit. So the
 * audit trail stays lossless (no answer without its row) while a busy replica pays one commit per
 * batch instead of one per request. There is no timer: an idle replica writes a lone row at once,
 * and the batch grows by itself with the time the previous write takes.
 */
@ApplicationScoped
public class AuditGroupCommit {

  /** One statement, so a batch commits or fails as a whole, in queue order (the outbox seq). */
  private static final String INSERT =
      "INSERT INTO outbox (event_id, service, event_type, payload, created_at, next_attempt_at)"
          + " SELECT e, s, t, p::jsonb, c, c"
          + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])"
          + " AS u(e, s, t, p, c)";

  /** A queued row and the caller waiting for its commit, answered on the caller's context. */
  private record Pending(OutboxRow row, UniEmitter<? super Void> caller, Context context) {

    void complete(Throwable failure) {
      Runnable answer = failure == null ? () -> caller.complete(null) : () -> caller.fail(failure);
      if (context == null || context == Vertx.currentContext()) {
        answer.run();
      } else {
        context.runOnContext(v -> answer.run());
      }
    }
  }

  private final Pool pool;
  private final int maxBatch;
  private final int maxInFlight;
  private final DistributionSummary batchSizes;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  AuditGroupCommit(Pool pool, AuditConfig config, MeterRegistry registry) {
    this.pool = pool;
    this.maxBatch = config.groupCommitMaxBatch();
    this.maxInFlight = config.groupCommitMaxInFlight();
    this.batchSizes =
        DistributionSummary.builder("signet.audit.group.commit.rows")
            .description("Audit rows written per group commit")
            .register(registry);
  }

  /** Completes once the row is committed; fails, and nothing is written, if its batch fails. */
  public Uni<Void> write(OutboxRow row) {
    return Uni.createFrom()
        .emitter(
            caller -> {
              queue.add(new Pending(row, caller, Vertx.currentContext()));
              drain();
            });
  }

  /**
   * Starts writes while there is room and work. A finishing write calls this again after it left
   * the in-flight count, and a caller after it queued, so a queued row is never left behind.
   */
  private void drain() {
    while (true) {
      int running = inFlight.get();
      if (running >= maxInFlight || queue.isEmpty()) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
        batch.add(p);
      }
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      batchSizes.record(batch.size());
      pool.preparedQuery(INSERT)
          .execute(columns(batch))
          .subscribe()
          .with(rows -> finish(batch, null), failure -> finish(batch, failure));
    }
  }

  private void finish(List<Pending> batch, Throwable failure) {
    inFlight.decrementAndGet();
    for (Pending p : batch) {
      p.complete(failure);
    }
    drain();
  }

  private static Tuple columns(List<Pending> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    String[] services = new String[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      OutboxRow row = batch.get(i).row();
      ids[i] = row.eventId();
      services[i] = row.service();
      types[i] = row.eventType();
      payloads[i] = row.payload();
      times[i] = row.createdAt().atOffset(ZoneOffset.UTC);
    }
    return Tuple.tuple()
        .addArrayOfUUID(ids)
        .addArrayOfString(services)
        .addArrayOfString(types)
        .addArrayOfString(payloads)
        .addArrayOfOffsetDateTime(times);
  }
}
