package dev.signet.admin.keys;

import dev.signet.admin.users.User;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Listing and revoking a person's keys and devices; each revocation is audited. */
@ApplicationScoped
public class UserKeyAdministration {

  private final AuditRecorder audit;
  private final Clock clock;
  private final io.micrometer.core.instrument.MeterRegistry meters;

  UserKeyAdministration(
      AuditRecorder audit, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
    this.audit = audit;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * {@code signet_user_keys_total{event}}: {@code enrolled}, {@code revoked}, {@code
   * device_revoked}.
   */
  static void count(io.micrometer.core.instrument.MeterRegistry meters, String event) {
    meters.counter("signet_user_keys_total", "event", event).increment();
  }

  @WithSession
  public Uni<List<KeyViews.Key>> keys(UUID userId) {
    return requireUser(userId)
        .chain(() -> UserKey.<UserKey>list("userId = ?1 order by seq", userId))
        .map(rows -> rows.stream().map(KeyViews.Key::of).toList());
  }

  @WithSession
  public Uni<List<KeyViews.DeviceView>> devices(UUID userId) {
    return requireUser(userId)
        .chain(() -> Device.<Device>list("userId = ?1 order by seq", userId))
        .map(rows -> rows.stream().map(KeyViews.DeviceView::of).toList());
  }

  @WithTransaction
  public Uni<KeyViews.Key> revokeKey(String actor, UUID userId, String kid) {
    Instant now = Instant.now(clock);
    return UserKey.<UserKey>findById(kid)
        .invoke(
            k -> {
              if (k == null || !k.userId.equals(userId)) {
                throw ProblemException.notFound("User " + userId + " has no key " + kid + ".");
              }
              if (k.revokedAt != null) {
                throw ProblemException.conflict("Key " + kid + " is already revoked.");
              }
              k.revokedAt = now;
              k.revokedBy = actor;
            })
        .call(
            k ->
                audit.record(
                    AuditEvent.builder("admin.user_key.revoked")
                        .actor(actor)
                        .target(kid)
                        .attribute("user_id", userId.toString())))
        .call(Panache::flush)
        // token-service drops its copy of the person at commit: tokens of this key stop working.
        .call(() -> announce(userId))
        .invoke(() -> count(meters, "revoked"))
        .map(KeyViews.Key::of);
  }

  @WithTransaction
  public Uni<KeyViews.DeviceView> revokeDevice(String actor, UUID userId, UUID deviceId) {
    Instant now = Instant.now(clock);
    return Device.<Device>findById(deviceId)
        .invoke(
            d -> {
              if (d == null || !d.userId.equals(userId)) {
                throw ProblemException.notFound(
                    "User " + userId + " has no device " + deviceId + ".");
              }
              if (d.revokedAt != null) {
                throw ProblemException.conflict("Device " + deviceId + " is already revoked.");
              }
              d.revokedAt = now;
              d.revokedBy = actor;
            })
        .call(
            d ->
                UserKey.update(
                    "revokedAt = ?1, revokedBy = ?2 where deviceId = ?3 and revokedAt is null",
                    now,
                    actor,
                    deviceId))
        .call(
            d ->
                audit.record(
                    AuditEvent.builder("admin.device.revoked")
                        .actor(actor)
                        .target(deviceId.toString())
                        .attribute("user_id", userId.toString())))
        .call(Panache::flush)
        .call(() -> announce(userId))
        .invoke(() -> count(meters, "device_revoked"))
        .map(KeyViews.DeviceView::of);
  }

  private static Uni<Void> announce(UUID userId) {
    return DatabaseChannels.notifyOnCommit(DatabaseChannels.USERS_CHANGED, userId.toString());
  }

  private static Uni<User> requireUser(UUID id) {
    return User.<User>findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No user " + id + "."));
  }
}
