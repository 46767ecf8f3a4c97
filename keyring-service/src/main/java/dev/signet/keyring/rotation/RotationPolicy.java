package dev.signet.keyring.rotation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** The single {@code rotation_policy} row ({@code id = 'default'}) the rotation job follows. */
@Entity
@Table(name = "rotation_policy")
public class RotationPolicy extends PanacheEntityBase {

  public static final String DEFAULT_ID = "default";

  @Id
  @Column(name = "id")
  public String id;

  @Column(name = "algorithm", nullable = false)
  public String algorithm;

  @Column(name = "rsa_key_size", nullable = false)
  public int rsaKeySize;

  @Column(name = "rotation_interval_seconds", nullable = false)
  public long rotationIntervalSeconds;

  @Column(name = "pre_publish_seconds", nullable = false)
  public long prePublishSeconds;

  @Column(name = "grace_period_seconds", nullable = false)
  public long gracePeriodSeconds;

  @Column(name = "jwks_cache_max_age_seconds", nullable = false)
  public long jwksCacheMaxAgeSeconds;

  @Column(name = "jwks_cache_margin_seconds", nullable = false)
  public long jwksCacheMarginSeconds;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "updated_by")
  public String updatedBy;

  /** The timing facts of this policy, detached from the entity. */
  public RotationTimings timings() {
    return new RotationTimings(
        Duration.ofSeconds(rotationIntervalSeconds),
        Duration.ofSeconds(prePublishSeconds),
        Duration.ofSeconds(gracePeriodSeconds),
        Duration.ofSeconds(jwksCacheMaxAgeSeconds),
        Duration.ofSeconds(jwksCacheMarginSeconds));
  }
}
