package dev.signet.admin.keys;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A public key a person enrolled with proof of possession. token-service reads the row to verify
 * their key login, so the columns are a contract (V504); the kid is the RFC 7638 thumbprint.
 */
@Entity
@Table(name = "user_keys")
public class UserKey extends PanacheEntityBase {

  @Id
  @Column(name = "kid")
  public String kid;

  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "user_id", nullable = false, updatable = false)
  public UUID userId;

  @Column(name = "device_id", nullable = false, updatable = false)
  public UUID deviceId;

  /** EdDSA, ES256 or RS256: the one algorithm this key signs with. */
  @Column(name = "alg", nullable = false, updatable = false)
  public String alg;

  @Column(name = "public_jwk", nullable = false, updatable = false)
  @ColumnTransformer(read = "public_jwk::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String publicJwk;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoked_by")
  public String revokedBy;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;
}
