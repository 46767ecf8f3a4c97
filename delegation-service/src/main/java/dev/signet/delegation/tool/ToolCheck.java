package dev.signet.delegation.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tool-check contract: what a tool server asks before it runs a call, and the answer. */
public final class ToolCheck {

  private ToolCheck() {}

  /**
   * @param subject the {@code sub} of the token presented to the tool server (the agent's client
   *     id); the tool server has verified the token (signature, audience, expiry) or introspected
   *     it
   * @param scopes the token's scopes
   * @param parameters the call's parameters, checked against the tool's schema
   * @param context request context the policies may read ({@code context.parameters} is added)
   */
  public record Request(
      String subject, List<String> scopes, JsonNode parameters, Map<String, Object> context) {}

  /**
   * @param allowed whether the call may run
   * @param reason a human-readable reason (the first check that refused, or the allowing policy)
   * @param missingScopes required scopes the token lacks after expansion
   * @param parameterErrors schema violations of the parameters (at most 10)
   * @param policyIds the policies that decided, when the policy step was reached
   */
  public record Response(
      boolean allowed,
      String reason,
      @JsonProperty("missing_scopes") List<String> missingScopes,
      @JsonProperty("parameter_errors") List<String> parameterErrors,
      @JsonProperty("policy_ids") List<UUID> policyIds) {

    static Response refused(String reason) {
      return new Response(false, reason, List.of(), List.of(), List.of());
    }
  }
}
