package dev.signet.admin.invites;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An invitation for one person; its token is stored only as versioned HMAC (V1, V503). */
@Entity
@Table(name = "invites")
public class Invite extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "user_id", nullable = false, updatable = false)
  public UUID userId;

  @Column(name = "email", nullable = false, updatable = false)
  public String email;

  @Column(name = "token_hash", nullable = false, updatable = false)
  public byte[] tokenHash;

  @Column(name = "hash_version", nullable = false, updatable = false)
  public int hashVersion;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "roles", nullable = false, updatable = false)
  public String[] roles;

  @Column(name = "invited_by", nullable = false, updatable = false)
  public String invitedBy;

  /** pending, redeemed or revoked as stored; {@link #state} adds expired. */
  @Column(name = "status", nullable = false)
  public String status;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "expires_at", nullable = false, updatable = false)
  public Instant expiresAt;

  @Column(name = "redeemed_at")
  public Instant redeemedAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoked_by")
  public String revokedBy;

  @Column(name = "revoke_reason")
  public String revokeReason;

  @Version
  @Column(name = "version", nullable = false)
  public long version;

  /** What the invite is now: a pending invite past its expiry is expired. */
  String state(Instant now) {
    return "pending".equals(status) && !now.isBefore(expiresAt) ? "expired" : status;
  }
}
