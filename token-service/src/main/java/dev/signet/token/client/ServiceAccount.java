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
    boolean refreshEnabled,
    boolean deviceGrantEnabled) {

  /** token_endpoint_auth_method of a public client: it has no credential (RFC 6749 2.1). */
  public static final String PUBLIC = "none";

  /**
   * A public client from configuration (the CLI's): no secret, no scopes of its own (its tokens
   * carry a person's), refresh and the device grant allowed.
   */
  public static ServiceAccount publicClient(String clientId) {
    return new ServiceAccount(
        null, clientId, null, null, null, null, null, PUBLIC, null, Set.of(), List.of(), List.of(),
        null, "active", null, true, true);
  }

  public boolean isPublic() {
    return PUBLIC.equals(authMethod);
  }

  public boolean active(Instant now) {
    return "active".equals(status) && (expiresAt == null || expiresAt.isAfter(now));
  }
}
