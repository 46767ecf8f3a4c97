package dev.signet.admin.accounts;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A machine client of the token endpoint. admin-api owns the row; token-service reads it to
 * authenticate clients, so the column meanings are a contract (see V1 schema).
 */
@Entity
@Table(name = "service_accounts")
public class ServiceAccount extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  /** Monotonic list position (V500); assigned by the database. */
  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "client_id", nullable = false, updatable = false)
  public String clientId;

  @Column(name = "name", nullable = false)
  public String name;

  @Column(name = "description")
  public String description;

  @Column(name = "secret_hash")
  public byte[] secretHash;

  @Column(name = "secret_hash_version")
  public Integer secretHashVersion;

  @Column(name = "previous_secret_hash")
  public byte[] previousSecretHash;

  @Column(name = "previous_secret_hash_version")
  public Integer previousSecretHashVersion;

  @Column(name = "previous_secret_expires_at")
  public Instant previousSecretExpiresAt;

  @Column(name = "token_endpoint_auth_method", nullable = false)
  public String tokenEndpointAuthMethod;

  @Column(name = "jwks")
  @ColumnTransformer(read = "jwks::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String jwks;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "scopes", nullable = false)
  public String[] scopes;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "roles", nullable = false)
  public String[] roles;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "allowed_audiences", nullable = false)
  public String[] allowedAudiences;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "ip_allow_list", nullable = false)
  public String[] ipAllowList;

  @Column(name = "rate_limit_per_minute")
  public Integer rateLimitPerMinute;

  @Column(name = "team")
  public String team;

  @Column(name = "status", nullable = false)
  public String status;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "token_exchange_enabled", nullable = false)
  public boolean tokenExchangeEnabled;

  @Column(name = "refresh_enabled", nullable = false)
  public boolean refreshEnabled;

  /** token-service lets the account start and poll device flows (V260). */
  @Column(name = "device_grant_enabled", nullable = false)
  public boolean deviceGrantEnabled;

  /** Written by token-service's batched usage updates; read-only here. */
  @Column(name = "usage_count", insertable = false, updatable = false)
  public Long usageCount;

  @Column(name = "last_used_at", insertable = false, updatable = false)
  public Instant lastUsedAt;

  @Column(name = "last_used_ip", insertable = false, updatable = false)
  public String lastUsedIp;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "created_by", updatable = false)
  public String createdBy;

  /**
   * The setting that manages this account (V501), e.g. {@code signet.admin.bootstrap}; null when it
   * was created through the API. Configured accounts are read-only through the API.
   */
  @Column(name = "configured_by")
  public String configuredBy;

  /** The Signet service whose internal account this is (V501); null for every other account. */
  @Column(name = "internal_service")
  public String internalService;

  @Version
  @Column(name = "version", nullable = false)
  public long version;

  public boolean isConfigured() {
    return configuredBy != null;
  }

  public boolean usesSecret() {
    return !"private_key_jwt".equals(tokenEndpointAuthMethod);
  }
}
