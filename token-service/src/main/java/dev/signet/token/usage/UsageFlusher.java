package dev.signet.token.usage;

import dev.signet.common.error.SafeFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Sends the gathered usage to admin-api every few seconds. A failed flush puts the counts back, so
 * they go with the next round.
 */
@ApplicationScoped
public class UsageFlusher {

  private static final Logger LOG = Logger.getLogger(UsageFlusher.class);

  private final UsageAccumulator accumulator;
  private final AdminUsageClient client;
  private final UsageConfig config;

  UsageFlusher(
      UsageAccumulator accumulator, @RestClient AdminUsageClient client, UsageConfig config) {
    this.accumulator = accumulator;
    this.client = client;
    this.config = config;
  }

  @Scheduled(
      every = "${signet.usage.flush-every:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> scheduled() {
    return config.enabled() ? flush() : Uni.createFrom().voidItem();
  }

  /** Sends what is pending; on failure keeps it for the next round. */
  public Uni<Void> flush() {
    List<UsageAccumulator.Usage> batch = accumulator.drain();
    if (batch.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return client
        .report(new AdminUsageClient.Batch(batch))
        .onFailure()
        .recoverWithUni(
            e -> {
              accumulator.restore(batch);
              LOG.warnf(
                  "usage of %d clients kept for the next flush: %s",
                  batch.size(), SafeFailures.describe(e));
              return Uni.createFrom().voidItem();
            });
  }
}
