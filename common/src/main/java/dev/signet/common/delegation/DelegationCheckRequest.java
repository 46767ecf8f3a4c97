package dev.signet.common.delegation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * Whether one delegation hop may happen: the grant that allows it (or, without one, the principal
 * and actor to find it by), what the new token asks for, and the chain so far.
 *
 * @param grantId the grant the hop claims, or null to look one up by principal and actor
 * @param principal the principal ({@code sub} of the subject token)
 * @param actor the actor taking the new hop ({@code sub} of the actor token)
 * @param requestedScopes the scopes the new token asks for
 * @param requestedAudiences the audiences the new token asks for
 * @param currentDepth the number of actors already in the {@code act} chain
 * @param actorChain the actors already in the chain, innermost (most recent) first
 */
public record DelegationCheckRequest(
    @JsonProperty("grant_id") UUID grantId,
    String principal,
    String actor,
    @JsonProperty("requested_scopes") List<String> requestedScopes,
    @JsonProperty("requested_audiences") List<String> requestedAudiences,
    @JsonProperty("current_depth") int currentDepth,
    @JsonProperty("actor_chain") List<String> actorChain) {}
