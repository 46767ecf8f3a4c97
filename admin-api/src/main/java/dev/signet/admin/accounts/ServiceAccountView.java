package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A service account as admins see it: settings and usage, never a secret or its hash. */
@Schema(name = "ServiceAccount")
public record ServiceAccountView(
    @Schema(example = "3f0c8f0e-1c55-4a4f-9a53-0f7c2f3f6a11") UUID id,
    @Schema(example = "ci-deployer") @JsonProperty("client_id") String clientId,
    @Schema(example = "ci-deployer") String name,
    @Schema(example = "Deploys from GitHub Actions") String description,
    @Schema(
            example = "active",
            enumeration = {"active", "disabled"})
        String status,
    @Schema(example = "client_secret_basic") @JsonProperty("token_endpoint_auth_method")
        String tokenEndpointAuthMethod,
    @Schema(example = "[\"deploy:write\"]") List<String> scopes,
    @Schema(example = "[\"deployer\"]") List<String> roles,
    @Schema(example = "[\"https://deploy.example.com\"]") @JsonProperty("allowed_audiences")
        List<String> allowedAudiences,
    @Schema(example = "[\"10.0.0.0/8\"]") @JsonProperty("ip_allow_list") List<String> ipAllowList,
    @Schema(example = "600") @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute,
    @Schema(example = "platform") String team,
    @Schema(example = "2027-06-30T00:00:00Z") @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("token_exchange_enabled") boolean tokenExchangeEnabled,
    @JsonProperty("refresh_enabled") boolean refreshEnabled,
    @JsonProperty("device_grant_enabled") boolean deviceGrantEnabled,
    @Schema(description = "Whether a client secret is set.") @JsonProperty("has_secret")
        boolean hasSecret,
    @Schema(description = "Until when the secret before the last rotation still works.")
        @JsonProperty("previous_secret_expires_at")
        Instant previousSecretExpiresAt,
    @Schema(example = "1532", description = "Token requests, as batched in by token-service.")
        @JsonProperty("usage_count")
        long usageCount,
    @Schema(example = "2026-11-24T21:00:00Z") @JsonProperty("last_used_at") Instant lastUsedAt,
    @Schema(example = "10.1.2.3") @JsonProperty("last_used_ip") String lastUsedIp,
    @Schema(example = "2026-11-01T09:30:00Z") @JsonProperty("created_at") Instant createdAt,
    @Schema(example = "2026-11-20T14:00:00Z") @JsonProperty("updated_at") Instant updatedAt,
    @Schema(example = "alice") @JsonProperty("created_by") String createdBy) {

  static ServiceAccountView of(ServiceAccount a) {
    return new ServiceAccountView(
        a.id,
        a.clientId,
        a.name,
        a.description,
        a.status,
        a.tokenEndpointAuthMethod,
        List.of(a.scopes),
        List.of(a.roles),
        List.of(a.allowedAudiences),
        List.of(a.ipAllowList),
        a.rateLimitPerMinute,
        a.team,
        a.expiresAt,
        a.tokenExchangeEnabled,
        a.refreshEnabled,
        a.deviceGrantEnabled,
        a.secretHash != null,
        a.previousSecretHash == null ? null : a.previousSecretExpiresAt,
        a.usageCount == null ? 0 : a.usageCount,
        a.lastUsedAt,
        a.lastUsedIp,
        a.createdAt,
        a.updatedAt,
        a.createdBy);
  }
}
