package dev.signet.token.delegation;

import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.delegation.RevokedGrants;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.internal.InternalTokenSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Catches up on grant revocations whose NOTIFY no replica heard (the listener was down, or
 * reconnecting): pages through delegation-service's revoked grants since a watermark and records
 * them as {@link GrantRevocations} does. Runs when the listener (re)subscribes and every {@code
 * signet.delegation.reconcile-interval}; the first run looks back {@code
 * signet.delegation.reconcile-window}, later ones from the newest revocation seen (less a minute,
 * for transactions that committed late). One run at a time; a failed run is logged and the next one
 * retries from the same watermark.
 */
@ApplicationScoped
public class GrantReconciliation {

  /** Pages per run; a larger backlog continues on the next run from where this one stopped. */
  static final int MAX_PAGES = 20;

  /** A revocation's revoked_at is its transaction's start; it may commit a little later. */
  private static final Duration COMMIT_LAG = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(GrantReconciliation.class);

  private final RevokedGrantsClient delegation;
  private final GrantRevocations revocations;
  private final InternalTokenSource internalTokens;
  private final Clock clock;
  private final Duration window;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Instant watermark;

  GrantReconciliation(
      @RestClient RevokedGrantsClient delegation,
      GrantRevocations revocations,
      InternalTokenSource internalTokens,
      Clock clock,
      @ConfigProperty(name = "signet.delegation.reconcile-window", defaultValue = "P1D")
          Duration window) {
    this.delegation = delegation;
    this.revocations = revocations;
    this.internalTokens = internalTokens;
    this.clock = clock;
    this.window = window;
  }

  @Scheduled(
      every = "${signet.delegation.reconcile-interval:5m}",
      delayed = "${signet.delegation.reconcile-interval:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> periodically() {
    return reconcile().replaceWithVoid();
  }

  /** Fire and forget, for the listener's (re)subscription. */
  void soon() {
    reconcile().subscribe().with(n -> {}, e -> {});
  }

  /**
   * One run: the number of revoked grants read from delegation-service (recorded, duplicates
   * ignored), or -1 when a run was already under way. Never fails: a failure is logged.
   */
  public Uni<Integer> reconcile() {
    if (!running.compareAndSet(false, true)) {
      return Uni.createFrom().item(-1);
    }
    Instant floor = Instant.now(clock).minus(window);
    Instant since = watermark == null || watermark.isBefore(floor) ? floor : watermark;
    return pages(since, null, 0, 0)
        .onItem()
        .invoke(n -> LOG.debugf("reconciled %d revoked delegation grants since %s", n, since))
        .onFailure()
        .recoverWithItem(
            e -> {
              if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 401) {
                internalTokens.invalidate();
              }
              LOG.warnf(
                  "could not reconcile revoked delegation grants: %s", SafeFailures.describe(e));
              return 0;
            })
        .eventually(() -> running.set(false));
  }

  private Uni<Integer> pages(Instant since, UUID after, int page, int seen) {
    int limit = DelegationPaths.REVOKED_GRANTS_PAGE_MAX;
    return delegation
        .page(since.toString(), after == null ? null : after.toString(), limit)
        .chain(
            answer -> {
              List<RevokedGrants.Revoked> revoked =
                  answer == null || answer.revoked() == null ? List.of() : answer.revoked();
              if (revoked.isEmpty()) {
                return Uni.createFrom().item(seen);
              }
              List<UUID> ids = revoked.stream().map(RevokedGrants.Revoked::grantId).toList();
              RevokedGrants.Revoked last = revoked.get(revoked.size() - 1);
              return revocations
                  .record(new GrantRevocations.Revoked(null, ids))
                  .chain(
                      () -> {
                        advance(last.revokedAt());
                        if (revoked.size() < limit || page + 1 >= MAX_PAGES) {
                          return Uni.createFrom().item(seen + revoked.size());
                        }
                        return pages(
                            last.revokedAt(), last.grantId(), page + 1, seen + revoked.size());
                      });
            });
  }

  /** The next run starts a little before the newest revocation recorded. */
  private void advance(Instant newest) {
    Instant next = newest.minus(COMMIT_LAG);
    if (watermark == null || next.isAfter(watermark)) {
      watermark = next;
    }
  }
}
