package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/service-accounts}; only name and scopes are required. */
@Schema(
    name = "CreateServiceAccount",
    example =
        """
        {"name": "ci-deployer", "scopes": ["deploy:write", "artifacts:read"], "team": "platform",
         "allowed_audiences": ["https://deploy.example.com"], "ip_allow_list": ["10.0.0.0/8"],
         "rate_limit_per_minute": 600, "expires_at": "2027-06-30T00:00:00Z"}""")
public record CreateServiceAccountRequest(
    @Schema(description = "Chosen client id; generated when absent.", example = "ci-deployer")
        @JsonProperty("client_id")
        @Pattern(regexp = Validation.CLIENT_ID, message = Validation.CLIENT_ID_MESSAGE)
        String clientId,
    @Schema(example = "ci-deployer") @NotBlank @Size(max = 200) @Clean String name,
    @Schema(example = "Deploys from GitHub Actions") @Size(max = 2000) @Clean(singleLine = false)
        String description,
    @Schema(example = "[\"deploy:write\"]") @NotNull @Size(max = 100)
        List<
                @NotNull @Pattern(regexp = Validation.SCOPE, message = Validation.SCOPE_MESSAGE)
                String>
            scopes,
    @Schema(example = "[\"deployer\"]") @Size(max = 100)
        List<@NotBlank @Size(max = 200) @Clean String> roles,
    @Schema(example = "[\"https://deploy.example.com\"]")
        @JsonProperty("allowed_audiences")
        @Size(max = 100)
        List<@NotBlank @Size(max = 500) @Clean String> allowedAudiences,
    @Schema(example = "[\"10.0.0.0/8\", \"192.0.2.7\"]")
        @JsonProperty("ip_allow_list")
        @Size(max = 100)
        List<@NotNull @Size(max = 64) @Clean String> ipAllowList,
    @Schema(example = "600")
        @JsonProperty("rate_limit_per_minute")
        @Positive
        @Max(Validation.MAX_RATE_LIMIT)
        Long rateLimitPerMinute,
    @Schema(example = "platform") @Size(max = 200) @Clean String team,
    @Schema(example = "2027-06-30T00:00:00Z") @JsonProperty("expires_at") Instant expiresAt,
    @Schema(example = "false") @JsonProperty("token_exchange_enabled") Boolean tokenExchangeEnabled,
    @Schema(example = "false") @JsonProperty("refresh_enabled") Boolean refreshEnabled,
    @Schema(
            description = "May start and poll device flows (RFC 8628) for people, like signet-cli.",
            example = "false")
        @JsonProperty("device_grant_enabled")
        Boolean deviceGrantEnabled,
    @Schema(
            enumeration = {"client_secret_basic", "client_secret_post", "private_key_jwt"},
            example = "client_secret_basic")
        @JsonProperty("token_endpoint_auth_method")
        @Pattern(
            regexp = "client_secret_basic|client_secret_post|private_key_jwt",
            message = "must be client_secret_basic, client_secret_post or private_key_jwt")
        String tokenEndpointAuthMethod,
    @Schema(description = "Public keys for private_key_jwt, as a JWK Set.") JsonNode jwks) {}
