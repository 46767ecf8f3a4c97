package dev.signet.token.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * One rule of a trust as the admin API reads and writes it, and as {@code federation_trust.rules}
 * stores it. Bounded here; what makes a rule sound is {@link TrustValidation}'s job.
 */
@RegisterForReflection
public record RuleBody(
    @JsonProperty("name") @Clean @Size(max = 100) String name,
    @JsonProperty("subject") @Clean @Size(max = 512) String subject,
    @JsonProperty("claims") @Size(max = 20)
        Map<
                @NotNull @Clean @Size(max = 128) String,
                @NotNull @Size(max = 50) List<@NotNull @Clean @Size(max = 512) String>>
            claims,
    @JsonProperty("principal") @Clean @Size(max = 255) String principal,
    @JsonProperty("scopes") @Size(max = 100) List<@NotNull @Clean @Size(max = 255) String> scopes,
    @JsonProperty("audiences") @Size(max = 20)
        List<@NotNull @Clean @Size(max = 255) String> audiences,
    @JsonProperty("max_ttl_seconds") Long maxTtlSeconds) {

  /** The rule the matcher reads; absent lists are empty, an absent TTL fails validation. */
  public FederationRule toRule() {
    return new FederationRule(
        name,
        subject,
        claims == null ? Map.of() : claims,
        principal,
        scopes == null ? List.of() : scopes,
        audiences == null ? List.of() : audiences,
        maxTtlSeconds == null ? 0 : maxTtlSeconds);
  }

  public static RuleBody of(FederationRule rule) {
    return new RuleBody(
        rule.name(),
        rule.subject(),
        rule.claims(),
        rule.principal(),
        rule.scopes(),
        rule.audiences(),
        rule.maxTtlSeconds());
  }
}
