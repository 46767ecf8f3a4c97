package dev.signet.token.policy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The single row of {@code token_policy}: lifetimes and refresh rules for every token. */
@Entity
@Table(name = "token_policy")
public class TokenPolicy extends PanacheEntityBase {

  public static final String DEFAULT_ID = "default";

  @Id
  @Column(name = "id")
  public String id;

  @Column(name = "access_token_ttl_seconds", nullable = false)
  public long accessTokenTtlSeconds;

  @Column(name = "refresh_token_ttl_seconds", nullable = false)
  public long refreshTokenTtlSeconds;

  @Column(name = "agent_token_ttl_seconds", nullable = false)
  public long agentTokenTtlSeconds;

  @Column(name = "audience_token_ttl_seconds", nullable = false)
  public long audienceTokenTtlSeconds;

  @Column(name = "refresh_reuse_grace_seconds", nullable = false)
  public int refreshReuseGraceSeconds;

  @Column(name = "clock_skew_seconds", nullable = false)
  public int clockSkewSeconds;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "updated_by")
  public String updatedBy;

  /** An immutable copy for the caches and the API. */
  public TokenPolicyView view() {
    return new TokenPolicyView(
        accessTokenTtlSeconds,
        refreshTokenTtlSeconds,
        agentTokenTtlSeconds,
        audienceTokenTtlSeconds,
        refreshReuseGraceSeconds,
        clockSkewSeconds,
        updatedAt,
        updatedBy);
  }
}
