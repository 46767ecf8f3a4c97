package dev.signet.token.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.Clean;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A trust as an admin creates or replaces it through {@code /v1/federation/trusts}. */
public record TrustRequest(
    @JsonProperty("name") @Clean @Size(max = 100) String name,
    @JsonProperty("kind") @Clean @Size(max = 32) String kind,
    @JsonProperty("issuer") @Clean @Size(max = 2048) String issuer,
    @JsonProperty("jwks_uri") @Clean @Size(max = 2048) String jwksUri,
    @JsonProperty("audience") @Clean @Size(max = 255) String audience,
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("rules") @Size(max = 50) List<@Valid @NotNull RuleBody> rules) {

  /** The definition to validate and store; an unknown kind is a field error. */
  public TrustDefinition definition() {
    TrustKind parsed = null;
    if (kind != null) {
      try {
        parsed = TrustKind.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ProblemException.validation(
            "The federation trust is not valid.",
            List.of(
                new Problem.FieldError("kind", "must be one of github_actions, kubernetes, oidc")));
      }
    }
    return new TrustDefinition(
        name,
        parsed,
        issuer,
        Optional.ofNullable(jwksUri).filter(u -> !u.isBlank()),
        audience,
        rules == null ? List.of() : rules.stream().map(RuleBody::toRule).toList());
  }

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}
