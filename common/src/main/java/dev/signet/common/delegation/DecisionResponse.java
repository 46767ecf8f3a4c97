package dev.signet.common.delegation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * The policy engine's answer: deny overrides allow, and no matching policy is a deny.
 *
 * @param allowed whether the request is allowed
 * @param policyIds the ids of the policies that matched and decided the outcome
 * @param reason a human-readable reason naming the deciding policies or the default deny
 */
public record DecisionResponse(
    boolean allowed, @JsonProperty("policy_ids") List<UUID> policyIds, String reason) {}
