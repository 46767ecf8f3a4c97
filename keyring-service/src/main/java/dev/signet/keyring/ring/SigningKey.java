package dev.signet.keyring.ring;

import dev.signet.common.keys.SigningAlgorithm;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** One row of {@code signing_keys}: public part in clear, private part sealed by a master key. */
@Entity
@Table(name = "signing_keys")
public class SigningKey extends PanacheEntityBase {

  @Id
  @Column(name = "kid")
  public String kid;

  @Column(name = "alg", nullable = false, updatable = false)
  public String alg;

  @Column(name = "key_type", nullable = false, updatable = false)
  public String keyType;

  @Column(name = "key_size")
  public Integer keySize;

  @Column(name = "state", nullable = false)
  public String state;

  @Column(name = "source", nullable = false, updatable = false)
  public String source;

  @Column(name = "public_jwk", nullable = false, updatable = false)
  @ColumnTransformer(read = "public_jwk::text", write = "?::jsonb")
  public String publicJwk;

  @Column(name = "public_key_der", nullable = false, updatable = false)
  public byte[] publicKeyDer;

  @Column(name = "private_key_ciphertext", nullable = false)
  public byte[] privateKeyCiphertext;

  @Column(name = "master_key_version", nullable = false)
  public String masterKeyVersion;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "activates_at")
  public Instant activatesAt;

  @Column(name = "activated_at")
  public Instant activatedAt;

  @Column(name = "deactivated_at")
  public Instant deactivatedAt;

  @Column(name = "retire_after")
  public Instant retireAfter;

  @Column(name = "retired_at")
  public Instant retiredAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoke_reason")
  public String revokeReason;

  @Version
  @Column(name = "version", nullable = false)
  public long version;

  public KeyState keyState() {
    return KeyState.fromColumn(state);
  }

  public SigningAlgorithm algorithm() {
    return SigningAlgorithm.parse(alg);
  }
}
