package dev.signet.token.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A row of admin-api's {@code service_accounts} as the token service reads it. Hashes are kept as
 * stored; the secret itself is never known here.
 */
public record ServiceAccount(
    UUID id,
    String clientId,
    byte[] secretHash,
    Integer secretHashVersion,
    byte[] previousSecretHash,
    Integer previousSecretHashVersion,
    Instant previousSecretExpiresAt,
    String authMethod,
    String jwks,
    Set<String> scopes,
    List<String> allowedAudiences,
    List<String> ipAllowList,
    Integer rateLimitPerMinute,
    String status,
    Instant expiresAt,
    boolean refreshEnabled) {

  public boolean active(Instant now) {
    return "active".equals(status) && (expiresAt == null || expiresAt.isAfter(now));
  }
}
