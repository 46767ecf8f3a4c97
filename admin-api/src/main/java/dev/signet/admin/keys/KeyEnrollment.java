package dev.signet.admin.keys;

import dev.signet.admin.invites.KeyEnrollmentToken;
import dev.signet.admin.users.User;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Key enrollment with proof of possession. A key enrollment token (KET, from a redeemed invite)
 * first buys a server nonce ({@code bootstrap}); the person's CLI signs the nonce with the new
 * private key and registers the public key with that proof ({@code register}), which uses the KET
 * up. The private key never leaves the person's machine.
 */
@ApplicationScoped
public class KeyEnrollment {

  /** A nonce is signed at once by the CLI that asked for it. */
  static final Duration NONCE_TTL = Duration.ofMinutes(5);

  private final SecretHasher hasher;
  private final AuditRecorder audit;
  private final Clock clock;
  private final io.micrometer.core.instrument.MeterRegistry meters;

  KeyEnrollment(
      SecretHasher hasher,
      AuditRecorder audit,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    this.meters = meters;
  }

  @WithTransaction
  public Uni<KeyViews.Bootstrap> bootstrap(String ket) {
    Instant now = Instant.now(clock);
    return usable(ket, now)
        .map(
            k -> {
              k.nonce = SecretHasher.newSecret();
              Instant limit = now.plus(NONCE_TTL);
              k.nonceExpiresAt = limit.isBefore(k.expiresAt) ? limit : k.expiresAt;
              return new KeyViews.Bootstrap(k.nonce, k.nonceExpiresAt);
            });
  }

  @WithTransaction
  public Uni<KeyViews.Key> register(RegisterKeyRequest request) {
    Instant now = Instant.now(clock);
    EnrollableKey key = EnrollableKey.parse(request.publicKey());
    return usable(request.keyEnrollmentToken(), now)
        .invoke(
            k -> {
              if (k.nonce == null || !now.isBefore(k.nonceExpiresAt)) {
                throw new ProblemException(
                    Problem.of(
                        409,
                        "conflict",
                        "Conflict",
                        "No live nonce for this key enrollment token: call POST"
                            + " /v1/keys/bootstrap first, and sign its nonce within "
                            + NONCE_TTL.toMinutes()
                            + " minutes."));
              }
              ProofOfPossession.verify(key, request.proof(), k.nonce);
            })
        .chain(
            k ->
                User.<User>findById(k.userId)
                    .invoke(
                        u -> {
                          if (u == null || !"active".equals(u.status)) {
                            throw invalidKet();
                          }
                        })
                    .chain(() -> UserKey.<UserKey>findById(key.kid()))
                    .invoke(
                        existing -> {
                          if (existing != null) {
                            throw ProblemException.conflict(
                                "This public key is already enrolled (kid " + key.kid() + ").");
                          }
                        })
                    .chain(() -> store(k, key, request.device(), now)));
  }

  private Uni<KeyViews.Key> store(
      KeyEnrollmentToken ket, EnrollableKey key, RegisterKeyRequest.DeviceInfo info, Instant now) {
    Device d = new Device();
    d.id = UUID.randomUUID();
    d.userId = ket.userId;
    d.name = info.name().trim();
    d.platform = info.platform().trim();
    d.fingerprint =
        info.fingerprint() == null || info.fingerprint().isBlank()
            ? null
            : info.fingerprint().trim();
    d.createdAt = now;
    UserKey k = new UserKey();
    k.kid = key.kid();
    k.userId = ket.userId;
    k.deviceId = d.id;
    k.alg = key.alg();
    k.publicJwk = key.publicJson();
    k.createdAt = now;
    ket.usedAt = now;
    ket.nonce = null;
    return d.persist()
        .chain(() -> k.persist())
        .call(
            () ->
                audit.record(
                    AuditEvent.builder("admin.user_key.added")
                        .actor(ket.userId.toString())
                        .target(k.kid)
                        .attribute("user_id", ket.userId.toString())
                        .attribute("device_id", d.id.toString())
                        .attribute("alg", k.alg)))
        .call(Panache::flush)
        .invoke(() -> UserKeyAdministration.count(meters, "enrolled"))
        .map(ignored -> KeyViews.Key.of(k));
  }

  /** The unused, unexpired KET the presented token hashes to, under any HMAC key version. */
  private Uni<KeyEnrollmentToken> usable(String presented, Instant now) {
    return find(hasher.candidates(presented), 0)
        .invoke(
            k -> {
              if (k == null || k.usedAt != null || !now.isBefore(k.expiresAt)) {
                throw invalidKet();
              }
            });
  }

  private static Uni<KeyEnrollmentToken> find(List<HashedSecret> candidates, int i) {
    if (i >= candidates.size()) {
      return Uni.createFrom().nullItem();
    }
    HashedSecret c = candidates.get(i);
    return KeyEnrollmentToken.<KeyEnrollmentToken>find(
            "tokenHash = ?1 and hashVersion = ?2", c.hash(), c.version())
        .firstResult()
        .chain(k -> k != null ? Uni.createFrom().item(k) : find(candidates, i + 1));
  }

  /** One answer for unknown, used and expired, so a KET can't be probed for its state. */
  private static ProblemException invalidKet() {
    return new ProblemException(
        Problem.of(
            401,
            "invalid-key-enrollment-token",
            "Invalid key enrollment token",
            "The key enrollment token is unknown, used or expired; redeem a new invite."));
  }
}
