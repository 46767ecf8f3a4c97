package dev.signet.keyring.admin;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.keyring.ring.KeyRing;
import dev.signet.keyring.ring.KeyState;
import dev.signet.keyring.ring.SigningKey;
import dev.signet.keyring.ring.SigningKeyRepository;
import dev.signet.keyring.rotation.RotationPolicy;
import dev.signet.keyring.rotation.RotationPolicyRepository;
import dev.signet.keyring.rotation.RotationTimings;
import dev.signet.keyring.rotation.TokenLifetimes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What admins may do to the key ring; each method is one transaction under the key ring lock. */
@ApplicationScoped
public class KeyAdministration {

  /** Outcome of a manual rotation: a key activated now, or one scheduled to. */
  public record RotationOutcome(SigningKey activated, SigningKey scheduled) {}

  /** Outcome of a revocation: the revoked key and, when it was active, its successor. */
  public record RevocationOutcome(SigningKey revoked, SigningKey promoted) {}

  private final KeyRing ring;
  private final SigningKeyRepository keys;
  private final RotationPolicyRepository policies;

  KeyAdministration(KeyRing ring, SigningKeyRepository keys, RotationPolicyRepository policies) {
    this.ring = ring;
    this.keys = keys;
    this.policies = policies;
  }

  @WithSession
  public Uni<List<SigningKey>> list() {
    return keys.listNewestFirst();
  }

  @WithSession
  public Uni<SigningKey> get(String kid) {
    return keys.findById(kid).onItem().ifNull().failWith(() -> notFound(kid));
  }

  @WithSession
  public Uni<RotationPolicy> policy() {
    return policies.current();
  }

  /**
   * Rotates to a key of the policy's algorithm (also when the active key has another one). Safe by
   * default: a pending key already published for the lead time is activated now; otherwise one is
   * (re)scheduled to activate once caches have it. {@code immediate} activates at once regardless,
   * for emergencies.
   */
  @WithTransaction
  public Uni<RotationOutcome> rotate(boolean immediate, TokenLifetimes lifetimes, String actor) {
    return ring.lock()
        .chain(policies::current)
        .chain(
            policy -> {
              SigningAlgorithm alg = SigningAlgorithm.parse(policy.algorithm);
              RotationTimings timings = policy.timings();
              Instant now = ring.now();
              return keys.inStateForAlgorithm(KeyState.PENDING, alg.name())
                  .chain(
                      pendings -> {
                        Optional<SigningKey> pending = pendings.stream().findFirst();
                        if (pending.isPresent()
                            && (immediate
                                || !now.isBefore(
                                    pending.get().createdAt.plus(timings.leadTime())))) {
                          return ring.activate(pending.get(), timings.retireDelay(lifetimes), actor)
                              .map(k -> new RotationOutcome(k, null));
                        }
                        if (pending.isPresent()) {
                          SigningKey next = pending.get();
                          next.activatesAt = next.createdAt.plus(timings.leadTime());
                          return keys.flush().replaceWith(new RotationOutcome(null, next));
                        }
                        if (immediate) {
                          return ring.createPending(alg, policy.rsaKeySize, now, actor)
                              .chain(k -> ring.activate(k, timings.retireDelay(lifetimes), actor))
                              .map(k -> new RotationOutcome(k, null));
                        }
                        return ring.createPending(
                                alg, policy.rsaKeySize, now.plus(timings.leadTime()), actor)
                            .map(k -> new RotationOutcome(null, k));
                      });
            });
  }

  /** Unpublishes a pending or previous key ahead of schedule. */
  @WithTransaction
  public Uni<SigningKey> retire(String kid, String actor) {
    return ring.lock()
        .chain(() -> keys.findById(kid))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(kid))
        .chain(
            key ->
                switch (key.keyState()) {
                  case PENDING, PREVIOUS -> ring.retire(key, actor);
                  case ACTIVE ->
                      Uni.createFrom()
                          .failure(
                              ProblemException.conflict(
                                  "Key "
                                      + kid
                                      + " is active; rotate to replace it or revoke it in an"
                                      + " emergency."));
                  case RETIRED, REVOKED ->
                      Uni.createFrom()
                          .failure(
                              ProblemException.conflict(
                                  "Key " + kid + " is already " + key.state + "."));
                });
  }

  /**
   * Revokes a key at once. Revoking the active key promotes its successor in the same transaction:
   * the newest pending key of the policy's algorithm, or a freshly generated one.
   */
  @WithTransaction
  public Uni<RevocationOutcome> revoke(
      String kid, String reason, TokenLifetimes lifetimes, String actor) {
    return ring.lock()
        .chain(() -> keys.findById(kid))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(kid))
        .chain(
            key -> {
              if (key.keyState() == KeyState.REVOKED) {
                return Uni.createFrom()
                    .failure(ProblemException.conflict("Key " + kid + " is already revoked."));
              }
              boolean wasActive = key.keyState() == KeyState.ACTIVE;
              return ring.revoke(key, reason, actor)
                  .chain(
                      revoked ->
                          wasActive
                              ? promoteAfter(revoked, lifetimes, actor)
                                  .map(next -> new RevocationOutcome(revoked, next))
                              : Uni.createFrom().item(new RevocationOutcome(revoked, null)));
            });
  }

  /** Re-encrypts all key material under the current master key. */
  @WithTransaction
  public Uni<Integer> rewrap(String actor) {
    return ring.lock().chain(() -> ring.rewrap(actor));
  }

  /**
   * Replaces the policy after checking how its fields relate to each other and to token lifetimes
   * (each field's own range is checked at the edge, {@link PolicyUpdate}); a refused policy changes
   * nothing.
   */
  @WithTransaction
  public Uni<RotationPolicy> updatePolicy(
      PolicyUpdate update, TokenLifetimes lifetimes, String actor) {
    ProblemException refused = refusal(update, lifetimes);
    if (refused != null) {
      return Uni.createFrom().failure(refused);
    }
    return ring.lock()
        .chain(policies::current)
        .chain(
            policy -> {
              policy.algorithm = SigningAlgorithm.parse(update.algorithm()).name();
              policy.rsaKeySize = update.rsaKeySize();
              policy.rotationIntervalSeconds = update.rotationIntervalSeconds();
              policy.prePublishSeconds = update.prePublishSeconds();
              policy.gracePeriodSeconds = update.gracePeriodSeconds();
              policy.jwksCacheMaxAgeSeconds = update.jwksCacheMaxAgeSeconds();
              policy.jwksCacheMarginSeconds = update.jwksCacheMarginSeconds();
              policy.updatedAt = ring.now();
              policy.updatedBy = actor;
              return policies
                  .flush()
                  .call(() -> ring.recordPolicyChange(policy, actor))
                  .replaceWith(policy);
            });
  }

  /**
   * Why a policy could not work, or null: a grace shorter than the longest token would unpublish
   * keys that still verify live tokens; an interval not longer than the lead time would activate
   * keys caches have not seen; an interval shorter than lead time + retire delay would keep piling
   * up published keys, each rotation adding one before the previous one is gone.
   */
  static ProblemException refusal(PolicyUpdate update, TokenLifetimes lifetimes) {
    long minimumGrace = lifetimes.longest().getSeconds();
    if (update.gracePeriodSeconds() < minimumGrace) {
      return unusable(
          "grace_period_seconds",
          "grace_period_seconds must be at least "
              + minimumGrace
              + " (the longest token lifetime in token_policy), so every token a"
              + " previous key signed expires before the key is unpublished; got "
              + update.gracePeriodSeconds()
              + ".");
    }
    RotationTimings timings =
        new RotationTimings(
            Duration.ofSeconds(update.rotationIntervalSeconds()),
            Duration.ofSeconds(update.prePublishSeconds()),
            Duration.ofSeconds(update.gracePeriodSeconds()),
            Duration.ofSeconds(update.jwksCacheMaxAgeSeconds()),
            Duration.ofSeconds(update.jwksCacheMarginSeconds()));
    long lead = timings.leadTime().getSeconds();
    if (update.rotationIntervalSeconds() <= lead) {
      return unusable(
          "rotation_interval_seconds",
          "rotation_interval_seconds must be longer than the lead time of "
              + lead
              + " s (the larger of pre_publish_seconds and jwks_cache_max_age_seconds +"
              + " jwks_cache_margin_seconds).");
    }
    long retire = timings.retireDelay(lifetimes).getSeconds();
    if (update.rotationIntervalSeconds() < lead + retire) {
      return unusable(
          "rotation_interval_seconds",
          "rotation_interval_seconds must be at least "
              + (lead + retire)
              + " s: the lead time of "
              + lead
              + " s plus the "
              + retire
              + " s a previous key stays published (grace_period_seconds, at least the longest"
              + " token lifetime + clock skew + jwks_cache_margin_seconds), so a rotation never"
              + " starts before the key before the last one is gone.");
    }
    return null;
  }

  private static ProblemException unusable(String field, String detail) {
    return new ProblemException(
        Problem.of(422, "unprocessable", "Request cannot be applied", detail)
            .withErrors(List.of(new Problem.FieldError(field, detail))));
  }

  private Uni<SigningKey> promoteAfter(SigningKey revoked, TokenLifetimes lifetimes, String actor) {
    return policies
        .current()
        .chain(
            policy ->
                keys.inStateForAlgorithm(KeyState.PENDING, policy.algorithm)
                    .chain(
                        pendings -> {
                          var timings = policy.timings();
                          Optional<SigningKey> pending =
                              pendings.stream().max(Comparator.comparing(k -> k.createdAt));
                          Uni<SigningKey> successor =
                              pending
                                  .map(k -> Uni.createFrom().item(k))
                                  .orElseGet(
                                      () ->
                                          ring.createPending(
                                              SigningAlgorithm.parse(policy.algorithm),
                                              policy.rsaKeySize,
                                              ring.now(),
                                              actor));
                          return successor.chain(
                              k -> ring.activate(k, timings.retireDelay(lifetimes), actor));
                        }));
  }

  private static ProblemException notFound(String kid) {
    return ProblemException.notFound("No signing key with kid " + kid + ".");
  }
}
