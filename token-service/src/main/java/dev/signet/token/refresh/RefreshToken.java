package dev.signet.token.refresh;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One refresh token of a family, stored only as its HMAC. Rotation marks it {@code rotated} and
 * links the successor; revoking the family revokes every member.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends PanacheEntityBase {

  public static final String ACTIVE = "active";
  public static final String ROTATED = "rotated";
  public static final String REVOKED = "revoked";
  public static final String EXPIRED = "expired";

  @Id
  @Column(name = "id")
  public UUID id;

  @Column(name = "token_hash", nullable = false, updatable = false)
  public byte[] tokenHash;

  @Column(name = "hash_version", nullable = false, updatable = false)
  public int hashVersion;

  @Column(name = "family_id", nullable = false, updatable = false)
  public UUID familyId;

  @Column(name = "parent_id", updatable = false)
  public UUID parentId;

  @Column(name = "successor_id")
  public UUID successorId;

  @Column(name = "client_id", nullable = false, updatable = false)
  public String clientId;

  @Column(name = "subject", nullable = false, updatable = false)
  public String subject;

  @Column(name = "scope", nullable = false, updatable = false)
  public String scope;

  @Column(name = "audience", updatable = false)
  public String audience;

  @Column(name = "status", nullable = false)
  public String status;

  @Column(name = "rotation_count", nullable = false, updatable = false)
  public int rotationCount;

  @Column(name = "issued_at", nullable = false, updatable = false)
  public Instant issuedAt;

  @Column(name = "expires_at", nullable = false, updatable = false)
  public Instant expiresAt;

  @Column(name = "rotated_at")
  public Instant rotatedAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoke_reason")
  public String revokeReason;

  @Column(name = "ip", updatable = false)
  public String ip;

  @Column(name = "user_agent", updatable = false)
  public String userAgent;
}
