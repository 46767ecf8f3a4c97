package dev.signet.token.revoke;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An access token revoked before its expiry; kept until it would have expired anyway. */
@Entity
@Table(name = "revoked_jtis")
public class RevokedJti extends PanacheEntityBase {

  @Id
  @Column(name = "jti")
  public String jti;

  @Column(name = "client_id")
  public String clientId;

  @Column(name = "subject")
  public String subject;

  @Column(name = "reason")
  public String reason;

  @Column(name = "revoked_at", nullable = false)
  public Instant revokedAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;
}
