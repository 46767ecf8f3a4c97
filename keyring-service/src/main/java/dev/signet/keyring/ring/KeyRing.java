package dev.signet.keyring.ring;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.MasterKeys;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.json.JsonUtil;

/**
 * The key lifecycle: every state change of a signing key goes through here, inside the caller's
 * transaction, with its audit event and a {@code signet_keys_changed} notification that reaches
 * every replica on commit. Callers serialise on {@link #lock()} so two replicas never act at once.
 */
@ApplicationScoped
public class KeyRing {

  /** Key for the transaction-scoped advisory lock all key ring writers share. */
  static final String LOCK = "hashtext('signet.keyring.rotation')";

  private final SigningKeyRepository keys;
  private final MasterKeys masterKeys;
  private final AuditRecorder audit;
  private final Clock clock;
  private final Counter rotations;

  KeyRing(
      SigningKeyRepository keys,
      MasterKeys masterKeys,
      AuditRecorder audit,
      Clock clock,
      MeterRegistry registry) {
    this.keys = keys;
    this.masterKeys = masterKeys;
    this.audit = audit;
    this.clock = clock;
    this.rotations =
        Counter.builder("signet.keyring.rotations")
            .description("Keys made active (scheduled, manual and emergency rotations)")
            .register(registry);
  }

  public Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Takes the key ring lock if free; false when another replica holds it. */
  public Uni<Boolean> tryLock() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("select pg_try_advisory_xact_lock(" + LOCK + ")", Boolean.class)
                    .getSingleResult());
  }

  /** Waits for the key ring lock (admin actions queue behind a running rotation). */
  public Uni<Void> lock() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(" + LOCK + ")) l",
                        Long.class)
                    .getSingleResult())
        .replaceWithVoid();
  }

  /** Generates a key and stores it as {@code pending}, published from now, active at the time. */
  public Uni<SigningKey> createPending(
      SigningAlgorithm alg, int rsaBits, Instant activatesAt, String actor) {
    SigningKeyMaterial material = SigningKeyMaterial.generate(alg, rsaBits);
    SigningKey key = newRow(material, KeyState.PENDING, "generated");
    key.activatesAt = activatesAt;
    return keys.persist(key)
        .call(
            () ->
                record(
                    AuditEvent.builder("key.generated")
                        .actor(actor)
                        .target(key.kid)
                        .attribute("alg", key.alg)
                        .attribute("state", key.state)
                        .attribute("activates_at", activatesAt.toString())))
        .call(() -> notifyChanged(key.kid));
  }

  /**
   * Makes {@code next} the one active key of the ring, whatever its algorithm: the current active
   * key becomes {@code previous} and stays published until {@code retireDelay} has passed.
   */
  public Uni<SigningKey> activate(SigningKey next, Duration retireDelay, String actor) {
    Instant now = now();
    return keys.inState(KeyState.ACTIVE)
        .chain(
            current -> {
              for (SigningKey old : current) {
                old.state = KeyState.PREVIOUS.column();
                old.deactivatedAt = now;
                old.retireAfter = now.plus(retireDelay);
              }
              // Demote first: the unique index allows one active key in the ring.
              return keys.flush()
                  .chain(
                      () -> {
                        next.state = KeyState.ACTIVE.column();
                        next.activatedAt = now;
                        return keys.flush();
                      })
                  .call(
                      () ->
                          record(
                              AuditEvent.builder("key.activated")
                                  .actor(actor)
                                  .target(next.kid)
                                  .attribute("alg", next.alg)
                                  .attribute(
                                      "previous_alg",
                                      current.stream().map(k -> k.alg).toList().toString())
                                  .attribute(
                                      "previous",
                                      current.stream().map(k -> k.kid).toList().toString())))
                  .call(() -> notifyChanged(next.kid))
                  .invoke(() -> rotations.increment())
                  .replaceWith(next);
            });
  }

  /** Stores an operator's key and activates it at once. */
  public Uni<SigningKey> importActive(
      SigningKeyMaterial material, Duration retireDelay, String actor) {
    SigningKey key = newRow(material, KeyState.PENDING, "imported");
    key.activatesAt = now();
    return keys.persist(key)
        .call(
            () ->
                record(
                    AuditEvent.builder("key.imported")
                        .actor(actor)
                        .target(key.kid)
                        .attribute("alg", key.alg)))
        .chain(() -> activate(key, retireDelay, actor));
  }

  /** Unpublishes a pending or previous key. */
  public Uni<SigningKey> retire(SigningKey key, String actor) {
    String from = key.state;
    key.state = KeyState.RETIRED.column();
    key.retiredAt = now();
    return keys.flush()
        .call(
            () ->
                record(
                    AuditEvent.builder("key.retired")
                        .actor(actor)
                        .target(key.kid)
                        .attribute("from", from)))
        .call(() -> notifyChanged(key.kid))
        .replaceWith(key);
  }

  /**
   * Unpublishes a key at once; it never verifies again. A revocation is an emergency: besides
   * {@code key.revoked} it records {@code incident.key_revoked}, from which admin-api opens a
   * critical incident, in the same transaction.
   */
  public Uni<SigningKey> revoke(SigningKey key, String reason, String actor) {
    String from = key.state;
    key.state = KeyState.REVOKED.column();
    key.revokedAt = now();
    key.revokeReason = reason;
    return keys.flush()
        .call(
            () ->
                record(
                    AuditEvent.builder("key.revoked")
                        .actor(actor)
                        .target(key.kid)
                        .attribute("from", from)
                        .attribute("reason", reason)))
        .call(
            () ->
                record(
                    AuditEvent.builder("incident.key_revoked")
                        .actor(actor)
                        .target(key.kid)
                        .attribute("kid", key.kid)
                        .attribute("algorithm", key.alg)
                        .attribute("reason", reason)
                        .attribute("actor", actor)
                        .attribute("from", from)))
        .call(() -> notifyChanged(key.kid))
        .replaceWith(key);
  }

  /** Re-encrypts every key not under the current master key; returns how many moved. */
  public Uni<Integer> rewrap(String actor) {
    String current = masterKeys.currentVersion();
    return keys.list("masterKeyVersion <> ?1", current)
        .chain(
            stale -> {
              for (SigningKey key : stale) {
                MasterKeys.Sealed sealed =
                    masterKeys.rewrap(key.masterKeyVersion, key.privateKeyCiphertext, key.kid);
                key.privateKeyCiphertext = sealed.ciphertext();
                key.masterKeyVersion = sealed.version();
              }
              if (stale.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              return keys.flush()
                  .call(
                      () ->
                          record(
                              AuditEvent.builder("key.rewrapped")
                                  .actor(actor)
                                  .attribute("count", stale.size())
                                  .attribute("master_key_version", current)))
                  .call(() -> notifyChanged("rewrap"))
                  .replaceWith(stale.size());
            });
  }

  /** Audits a rotation policy change (the caller changed the row in this transaction). */
  public Uni<Void> recordPolicyChange(
      dev.signet.keyring.rotation.RotationPolicy policy, String actor) {
    return record(
            AuditEvent.builder("key.policy_updated")
                .actor(actor)
                .target(policy.id)
                .attribute("algorithm", policy.algorithm)
                .attribute("rotation_interval_seconds", policy.rotationIntervalSeconds)
                .attribute("pre_publish_seconds", policy.prePublishSeconds)
                .attribute("grace_period_seconds", policy.gracePeriodSeconds)
                .attribute("jwks_cache_max_age_seconds", policy.jwksCacheMaxAgeSeconds)
                .attribute("jwks_cache_margin_seconds", policy.jwksCacheMarginSeconds))
        .call(() -> notifyChanged("policy"))
        .replaceWithVoid();
  }

  public Uni<List<SigningKey>> all() {
    return keys.listNewestFirst();
  }

  /** Queues the cross-replica notification; Postgres delivers it when the transaction commits. */
  Uni<Void> notifyChanged(String kid) {
    return DatabaseChannels.notifyOnCommit(KeyChangeNotifications.CHANNEL, kid);
  }

  private Uni<AuditEvent> record(AuditEvent.Builder event) {
    return audit.record(event);
  }

  private SigningKey newRow(SigningKeyMaterial material, KeyState state, String source) {
    MasterKeys.Sealed sealed = masterKeys.seal(material.privateKeyPkcs8(), material.kid());
    SigningKey key = new SigningKey();
    key.kid = material.kid();
    key.alg = material.algorithm().name();
    key.keyType = material.algorithm().keyType();
    key.keySize = material.keySize();
    key.state = state.column();
    key.source = source;
    key.publicJwk = JsonUtil.toJson(material.publicJwk());
    key.publicKeyDer = material.publicKeyDer();
    key.privateKeyCiphertext = sealed.ciphertext();
    key.masterKeyVersion = sealed.version();
    key.createdAt = now();
    return key;
  }
}
