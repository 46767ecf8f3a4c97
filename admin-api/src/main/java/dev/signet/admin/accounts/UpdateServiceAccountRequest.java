package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
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
 * null} clears description, rate limit, team and expiry. A class, not a record: Jackson hands a
 * record's absent Optional component {@code Optional.empty()}, which would make every absent field
 * a "clear"; fields it never sets stay null here.
 */
@RegisterForReflection
@Schema(
    name = "UpdateServiceAccount",
    example =
        """
        {"scopes": ["deploy:write"], "rate_limit_per_minute": null, "refresh_enabled": true}""")
public class UpdateServiceAccountRequest {

  @Schema(example = "ci-deployer")
  @JsonProperty("name")
  @Size(min = 1, max = 200)
  @Clean
  private String name;

  @Schema(implementation = String.class, nullable = true)
  @JsonProperty("description")
  private Optional<@Size(max = 2000) @Clean(singleLine = false) String> description;

  @Schema(example = "[\"deploy:write\"]")
  @JsonProperty("scopes")
  @Size(max = 100)
  private List<
          @NotNull @Pattern(regexp = Validation.SCOPE, message = Validation.SCOPE_MESSAGE) String>
      scopes;

  @Schema(example = "[\"deployer\"]")
  @JsonProperty("roles")
  @Size(max = 100)
  private List<@NotBlank @Size(max = 200) @Clean String> roles;

  @JsonProperty("allowed_audiences")
  @Size(max = 100)
  private List<@NotBlank @Size(max = 500) @Clean String> allowedAudiences;

  @Schema(example = "[\"10.0.0.0/8\"]")
  @JsonProperty("ip_allow_list")
  @Size(max = 100)
  private List<@NotNull @Size(max = 64) @Clean String> ipAllowList;

  @Schema(implementation = Integer.class, nullable = true, example = "600")
  @JsonProperty("rate_limit_per_minute")
  private Optional<@Positive @Max(Validation.MAX_RATE_LIMIT) Long> rateLimitPerMinute;

  @Schema(implementation = String.class, nullable = true, example = "platform")
  @JsonProperty("team")
  private Optional<@Size(max = 200) @Clean String> team;

  @Schema(implementation = Instant.class, nullable = true, example = "2027-06-30T00:00:00Z")
  @JsonProperty("expires_at")
  private Optional<Instant> expiresAt;

  @JsonProperty("token_exchange_enabled")
  private Boolean tokenExchangeEnabled;

  @JsonProperty("refresh_enabled")
  private Boolean refreshEnabled;

  @JsonProperty("device_grant_enabled")
  private Boolean deviceGrantEnabled;

  public String name() {
    return name;
  }

  public Optional<String> description() {
    return description;
  }

  public List<String> scopes() {
    return scopes;
  }

  public List<String> roles() {
    return roles;
  }

  public List<String> allowedAudiences() {
    return allowedAudiences;
  }

  public List<String> ipAllowList() {
    return ipAllowList;
  }

  public Optional<Long> rateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  public Optional<String> team() {
    return team;
  }

  public Optional<Instant> expiresAt() {
    return expiresAt;
  }

  public Boolean tokenExchangeEnabled() {
    return tokenExchangeEnabled;
  }

  public Boolean refreshEnabled() {
    return refreshEnabled;
  }

  public Boolean deviceGrantEnabled() {
    return deviceGrantEnabled;
  }

  /** Whether the name, if given, is not blank (a @NotBlank would reject an absent name). */
  @AssertTrue(message = "name must not be blank")
  @Schema(hidden = true)
  @JsonIgnore
  public boolean isNameValid() {
    return name == null || !name.isBlank();
  }

  /** Whether the team, if given, is not blank (null clears it). */
  @AssertTrue(message = "team must not be blank")
  @Schema(hidden = true)
  @JsonIgnore
  public boolean isTeamValid() {
    return team == null || team.isEmpty() || !team.get().isBlank();
  }
}
