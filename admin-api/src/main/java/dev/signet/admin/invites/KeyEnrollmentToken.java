package dev.signet.admin.invites;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A key enrollment token (KET): single use, short-lived, stored only as versioned HMAC. */
@Entity
@Table(name = "key_enrollment_tokens")
public class KeyEnrollmentToken extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  @Column(name = "user_id", nullable = false, updatable = false)
  public UUID userId;

  @Column(name = "invite_id", updatable = false)
  public UUID inviteId;

  @Column(name = "token_hash", nullable = false, updatable = false)
  public byte[] tokenHash;

  @Column(name = "hash_version", nullable = false, updatable = false)
  public int hashVersion;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "expires_at", nullable = false, updatable = false)
  public Instant expiresAt;

  @Column(name = "used_at")
  public Instant usedAt;

  /** The nonce of the last bootstrap, which the key's proof must sign (V504). */
  @Column(name = "nonce")
  public String nonce;

  @Column(name = "nonce_expires_at")
  public Instant nonceExpiresAt;
}
