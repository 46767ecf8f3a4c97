package dev.signet.admin.keys;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person's device (laptop, workstation) that holds one or more of their keys (V504). */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "user_id", nullable = false, updatable = false)
  public UUID userId;

  @Column(name = "name", nullable = false)
  public String name;

  @Column(name = "platform", nullable = false)
  public String platform;

  @Column(name = "fingerprint")
  public String fingerprint;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoked_by")
  public String revokedBy;
}
