package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /v1/service-accounts/{client_id}}: an absent field stays as it is; {@code
 * null} clears description, rate limit, team and expiry.
 */
@Schema(
    name = "UpdateServiceAccount",
    example =
        """
        {"scopes": ["deploy:write"], "rate_limit_per_minute": null, "refresh_enabled": true}""")
public record UpdateServiceAccountRequest(
    @Schema(example = "ci-deployer") @Size(min = 1, max = 200) String name,
    @Schema(implementation = String.class, nullable = true)
        Optional<@Size(max = 2000) String> description,
    @Schema(example = "[\"deploy:write\"]") @Size(max = 100)
        List<
                @NotNull @Pattern(regexp = Validation.SCOPE, message = Validation.SCOPE_MESSAGE)
                String>
            scopes,
    @Schema(example = "[\"deployer\"]") @Size(max = 100)
        List<@NotBlank @Size(max = 200) String> roles,
    @JsonProperty("allowed_audiences") @Size(max = 100)
        List<@NotBlank @Size(max = 500) String> allowedAudiences,
    @Schema(example = "[\"10.0.0.0/8\"]") @JsonProperty("ip_allow_list") @Size(max = 100)
        List<@NotNull String> ipAllowList,
    @Schema(implementation = Integer.class, nullable = true, example = "600")
        @JsonProperty("rate_limit_per_minute")
        Optional<@Positive Integer> rateLimitPerMinute,
    @Schema(implementation = String.class, nullable = true, example = "platform")
        Optional<@NotBlank @Size(max = 200) String> team,
    @Schema(implementation = Instant.class, nullable = true, example = "2027-06-30T00:00:00Z")
        @JsonProperty("expires_at")
        Optional<Instant> expiresAt,
    @JsonProperty("token_exchange_enabled") Boolean tokenExchangeEnabled,
    @JsonProperty("refresh_enabled") Boolean refreshEnabled) {

  /** Whether the name, if given, is not blank (a @NotBlank would reject an absent name). */
  @jakarta.validation.constraints.AssertTrue(message = "name must not be blank")
  @Schema(hidden = true)
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isNameValid() {
    return name == null || !name.isBlank();
  }
}
