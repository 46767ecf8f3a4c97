package dev.signet.delegation.grant;

import dev.signet.common.delegation.DelegationCheckRequest;
import dev.signet.common.delegation.DelegationCheckResponse;
import dev.signet.delegation.agent.Agent;
import dev.signet.delegation.scopes.ScopeGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether one delegated exchange may happen under a grant: pure, so token-service's question is
 * answered the same way every time. The grant must be live and belong to this principal and actor,
 * the chain the subject token carries must be the grant's own lineage, the actor must not already
 * be on it, the hop must fit the depth budget, and what is asked for must lie within the grant
 * (scopes after expansion).
 */
public final class HopCheck {

  private HopCheck() {}

  /**
   * @param chain the grant, its parent, ..., the root (empty when the grant does not exist)
   * @param agent the agent the grant delegates to, or null when it is gone
   */
  public static DelegationCheckResponse check(
      DelegationCheckRequest r, List<Grant> chain, Agent agent, ScopeGraph graph, Instant now) {
    if (chain.isEmpty()) {
      return DelegationCheckResponse.denied(r.grantId(), "no such grant");
    }
    Grant grant = chain.get(0);
    Grant root = chain.get(chain.size() - 1);
    if (grant.revokedAt() != null) {
      return DelegationCheckResponse.denied(grant.id(), "the grant is revoked");
    }
    if (!grant.liveAt(now)) {
      return DelegationCheckResponse.denied(grant.id(), "the grant has expired");
    }
    if (!root.principal().equals(r.principal())) {
      return DelegationCheckResponse.denied(grant.id(), "the grant is not from this principal");
    }
    if (!grant.actor().equals(r.actor())) {
      return DelegationCheckResponse.denied(grant.id(), "the grant is not to this actor");
    }
    if (agent == null || !agent.active()) {
      return DelegationCheckResponse.denied(grant.id(), "the agent is not active");
    }
    List<String> presented = r.actorChain() == null ? List.of() : r.actorChain();
    Set<String> seen = new LinkedHashSet<>();
    seen.add(r.principal());
    for (String a : presented) {
      if (!seen.add(a)) {
        return DelegationCheckResponse.denied(
            grant.id(), "actor cycle: " + a + " appears twice in the chain");
      }
    }
    if (seen.contains(r.actor())) {
      return DelegationCheckResponse.denied(
          grant.id(), "actor cycle: " + r.actor() + " is already in the chain");
    }
    int depth = presented.size() + 1;
    if (r.currentDepth() != presented.size()) {
      return DelegationCheckResponse.denied(
          grant.id(), "current_depth does not match the actor chain");
    }
    if (depth > grant.maxDepth()) {
      return DelegationCheckResponse.denied(
          grant.id(), "depth " + depth + " exceeds the grant's max_depth " + grant.maxDepth());
    }
    // The subject token's actors, newest (outermost act) first, must be the actors of this
    // grant's ancestors, parent first.
    List<String> lineage = new ArrayList<>();
    for (int i = 1; i < chain.size(); i++) {
      lineage.add(chain.get(i).actor());
    }
    if (grant.depth() != depth || !lineage.equals(presented)) {
      return DelegationCheckResponse.denied(
          grant.id(), "the actor chain does not match the grant's lineage");
    }
    List<String> asked =
        r.requestedScopes() == null || r.requestedScopes().isEmpty()
            ? grant.scopes()
            : r.requestedScopes();
    Set<String> beyond = new TreeSet<>(graph.expand(asked));
    beyond.removeAll(graph.expand(grant.scopes()));
    if (!beyond.isEmpty()) {
      return DelegationCheckResponse.denied(
          grant.id(), "scopes exceed the grant: " + String.join(", ", beyond));
    }
    List<String> audiences =
        r.requestedAudiences() == null || r.requestedAudiences().isEmpty()
            ? grant.audiences()
            : r.requestedAudiences();
    Set<String> wider = new TreeSet<>(audiences);
    grant.audiences().forEach(wider::remove);
    if (!wider.isEmpty()) {
      return DelegationCheckResponse.denied(
          grant.id(), "audiences exceed the grant: " + String.join(", ", wider));
    }
    return new DelegationCheckResponse(
        true,
        grant.id(),
        List.copyOf(new LinkedHashSet<>(asked)),
        List.copyOf(new LinkedHashSet<>(audiences)),
        grant.expiresAt(),
        depth,
        grant.maxDepth(),
        "allowed by grant " + grant.id() + " (hop " + depth + " of " + grant.maxDepth() + ")");
  }
}
