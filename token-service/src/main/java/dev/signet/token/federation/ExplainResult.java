package dev.signet.token.federation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a trust would do with a token: whether the token itself passes (only when a token was
 * given), the rule that would match, and for every rule tried the first condition that failed.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainResult(
    @JsonProperty("trust") String trust,
    @JsonProperty("token") TokenResult token,
    @JsonProperty("matched") boolean matched,
    @JsonProperty("rule") String rule,
    @JsonProperty("rules") List<RuleResult> rules) {

  /** The token's own checks (signature, issuer, audience, times); {@code check} names a failure. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TokenResult(
      @JsonProperty("valid") boolean valid,
      @JsonProperty("check") String check,
      @JsonProperty("description") String description) {}

  /** One rule's outcome. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleResult(
      @JsonProperty("rule") String rule,
      @JsonProperty("matched") boolean matched,
      @JsonProperty("check") String check,
      @JsonProperty("reason") String reason) {}
}
