package dev.signet.keyring.rotation;

import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.keyring.KeyringConfig;
import dev.signet.keyring.jwks.JwksCache;
import dev.signet.keyring.ring.KeyRing;
import dev.signet.keyring.ring.KeyState;
import dev.signet.keyring.ring.SigningKey;
import dev.signet.keyring.ring.SigningKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Drives the key lifecycle by the rotation policy: creates the next key as {@code pending} a lead
 * time before it is due, activates it when due (the old key becomes {@code previous}), and retires
 * previous keys once every token they signed has expired. A transaction-scoped advisory lock makes
 * one replica act per run; the others skip.
 */
@ApplicationScoped
public class RotationJob {

  static final String ACTOR = "keyring-rotation";
  private static final Logger LOG = Logger.getLogger(RotationJob.class);

  private final KeyRing ring;
  private final SigningKeyRepository keys;
  private final RotationPolicyRepository policies;
  private final Pool pool;
  private final JwksCache jwks;
  private final KeyChangeNotifications notifications;
  private final KeyringConfig config;

  RotationJob(
      KeyRing ring,
      SigningKeyRepository keys,
      RotationPolicyRepository policies,
      Pool pool,
      JwksCache jwks,
      KeyChangeNotifications notifications,
      KeyringConfig config) {
    this.ring = ring;
    this.keys = keys;
    this.policies = policies;
    this.pool = pool;
    this.jwks = jwks;
    this.notifications = notifications;
    this.config = config;
  }

  @Scheduled(
      every = "${signet.keyring.rotation.check-interval:60s}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    if (!config.rotation().schedule()) {
      return Uni.createFrom().voidItem();
    }
    return runOnce()
        .invoke(
            report -> {
              if (report.changed()) {
                LOG.infof("key rotation: %s", report);
              }
            })
        .plug(LoggedAndDropped.warn(LOG, "key rotation run"));
  }

  /** One pass over the key ring; safe to call from any number of replicas at once. */
  public Uni<RotationReport> runOnce() {
    return TokenLifetimes.read(pool)
        .chain(
            lifetimes ->
                Panache.withTransaction(
                    () ->
                        ring.tryLock()
                            .chain(
                                locked ->
                                    locked
                                        ? step(lifetimes)
                                        : Uni.createFrom().item(RotationReport.skipped()))))
        .call(
            report -> {
              if (!report.changed()) {
                return Uni.createFrom().voidItem();
              }
              notifications.fireLocally();
              return jwks.refresh();
            });
  }

  /** Whether keys come from the operator (import mode): then the job generates none. */
  boolean importMode() {
    return config.importKey().pem().filter(s -> !s.isBlank()).isPresent()
        || config.importKey().file().isPresent();
  }

  private Uni<RotationReport> step(TokenLifetimes lifetimes) {
    RotationReport report = new RotationReport();
    return policies
        .current()
        .chain(policy -> keys.listNewestFirst().chain(all -> act(policy, lifetimes, all, report)))
        // Keys still sealed under an older master key move to the current one in the background.
        .chain(() -> ring.rewrap(ACTOR))
        .invoke(report::rewrapped)
        .replaceWith(report);
  }

  private Uni<Void> act(
      RotationPolicy policy,
      TokenLifetimes lifetimes,
      List<SigningKey> all,
      RotationReport report) {
    Instant now = ring.now();
    RotationTimings timings = policy.timings();
    SigningAlgorithm alg = SigningAlgorithm.parse(policy.algorithm);
    Uni<Void> work = Uni.createFrom().voidItem();

    for (SigningKey key : all) {
      if (key.keyState() == KeyState.PREVIOUS
          && key.retireAfter != null
          && !key.retireAfter.isAfter(now)) {
        work =
            work.chain(() -> ring.retire(key, ACTOR))
                .invoke(k -> report.retired().add(k.kid))
                .replaceWithVoid();
      }
    }

    // One key signs, whatever its algorithm; the next one has the policy's algorithm.
    Optional<SigningKey> active = newest(all, KeyState.ACTIVE, null);
    Optional<SigningKey> pending = newest(all, KeyState.PENDING, alg);
    boolean generate = !importMode();

    // A pending key of another algorithm (the policy's algorithm changed back before it
    // activated) would never sign: unpublish it.
    for (SigningKey key : all) {
      if (key.keyState() == KeyState.PENDING && !key.alg.equals(alg.name()) && generate) {
        work =
            work.chain(() -> ring.retire(key, ACTOR))
                .invoke(k -> report.retired().add(k.kid))
                .replaceWithVoid();
      }
    }

    if (active.isEmpty()) {
      if (pending.isPresent()) {
        return work.chain(() -> activate(pending.get(), timings, lifetimes, report));
      }
      if (!generate) {
        LOG.warn("import mode: no active key and none to activate");
        return work;
      }
      // First start (or every key revoked): nothing signs yet, so there is no cache to warm.
      return work.chain(
          () ->
              ring.createPending(alg, policy.rsaKeySize, now, ACTOR)
                  .invoke(k -> report.created().add(k.kid))
                  .chain(k -> activate(k, timings, lifetimes, report)));
    }

    SigningKey current = active.get();
    Instant activatedAt = current.activatedAt != null ? current.activatedAt : current.createdAt;
    if (pending.isPresent()) {
      SigningKey next = pending.get();
      if (next.activatesAt != null && !next.activatesAt.isAfter(now)) {
        return work.chain(() -> activate(next, timings, lifetimes, report));
      }
      return work;
    }
    boolean algorithmChanged = !current.alg.equals(alg.name());
    if (generate && (algorithmChanged || !now.isBefore(timings.pendingCreation(activatedAt)))) {
      // An algorithm change is a rotation like any other, due now: its key is published for the
      // lead time before it signs, as every successor is.
      Instant due = algorithmChanged ? now : timings.nextRotation(activatedAt);
      Instant earliest = now.plus(timings.leadTime());
      Instant activatesAt = due.isAfter(earliest) ? due : earliest;
      return work.chain(
          () ->
              ring.createPending(alg, policy.rsaKeySize, activatesAt, ACTOR)
                  .invoke(k -> report.created().add(k.kid))
                  .replaceWithVoid());
    }
    return work;
  }

  private Uni<Void> activate(
      SigningKey next, RotationTimings timings, TokenLifetimes lifetimes, RotationReport report) {
    return ring.activate(next, timings.retireDelay(lifetimes), ACTOR)
        .invoke(k -> report.activated().add(k.kid))
        .replaceWithVoid();
  }

  /** The newest key in the state, of the algorithm (any algorithm when null). */
  static Optional<SigningKey> newest(List<SigningKey> all, KeyState state, SigningAlgorithm alg) {
    return all.stream()
        .filter(k -> k.keyState() == state && (alg == null || k.alg.equals(alg.name())))
        .max(Comparator.comparing(k -> k.createdAt));
  }
}
