package dev.signet.admin.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the key APIs answer. */
public final class KeyViews {

  private KeyViews() {}

  /** A nonce to sign; it works until {@code expires_at} and only with the KET it came from. */
  @Schema(name = "KeyBootstrap")
  public record Bootstrap(String nonce, @JsonProperty("expires_at") Instant expiresAt) {}

  @Schema(name = "UserKey")
  public record Key(
      String kid,
      @JsonProperty("user_id") UUID userId,
      @JsonProperty("device_id") UUID deviceId,
      String alg,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("revoked_at") Instant revokedAt,
      @JsonProperty("last_used_at") Instant lastUsedAt) {

    static Key of(UserKey k) {
      return new Key(k.kid, k.userId, k.deviceId, k.alg, k.createdAt, k.revokedAt, k.lastUsedAt);
    }
  }

  @Schema(name = "Device")
  public record DeviceView(
      UUID id,
      @JsonProperty("user_id") UUID userId,
      String name,
      String platform,
      String fingerprint,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("revoked_at") Instant revokedAt) {

    static DeviceView of(Device d) {
      return new DeviceView(
          d.id, d.userId, d.name, d.platform, d.fingerprint, d.createdAt, d.revokedAt);
    }
  }
}
