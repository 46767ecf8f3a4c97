package dev.signet.keyring.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.keyring.rotation.RotationPolicy;
import java.time.Instant;

/** The rotation policy as the API shows it. */
public record PolicyView(
    String algorithm,
    @JsonProperty("rsa_key_size") int rsaKeySize,
    @JsonProperty("rotation_interval_seconds") long rotationIntervalSeconds,
    @JsonProperty("pre_publish_seconds") long prePublishSeconds,
    @JsonProperty("grace_period_seconds") long gracePeriodSeconds,
    @JsonProperty("jwks_cache_max_age_seconds") long jwksCacheMaxAgeSeconds,
    @JsonProperty("jwks_cache_margin_seconds") long jwksCacheMarginSeconds,
    @JsonProperty("lead_time_seconds") long leadTimeSeconds,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("updated_by") String updatedBy) {

  public static PolicyView of(RotationPolicy p) {
    return new PolicyView(
        p.algorithm,
        p.rsaKeySize,
        p.rotationIntervalSeconds,
        p.prePublishSeconds,
        p.gracePeriodSeconds,
        p.jwksCacheMaxAgeSeconds,
        p.jwksCacheMarginSeconds,
        p.timings().leadTime().getSeconds(),
        p.updatedAt,
        p.updatedBy);
  }
}
