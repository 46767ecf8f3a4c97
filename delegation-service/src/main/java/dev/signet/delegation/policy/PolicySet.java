package dev.signet.delegation.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every policy, compiled, as one immutable value: the decision is a pure function of it and the
 * request. Deny overrides allow; no matching policy is a deny. A condition that fails to evaluate
 * (missing attribute, wrong type, iteration cap) fails closed: a deny policy counts as matching, an
 * allow policy as not matching.
 */
public final class PolicySet {

  /** The empty set: everything is denied. */
  public static final PolicySet EMPTY = new PolicySet(List.of());

  private final List<CompiledPolicy> policies;

  public PolicySet(List<CompiledPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  public int size() {
    return policies.size();
  }

  /** The decision for one request at {@code now}. The request is already checked and bounded. */
  public DecisionResponse decide(DecisionRequest request, Instant now) {
    Map<String, Object> variables = null;
    List<CompiledPolicy> denies = new ArrayList<>();
    List<CompiledPolicy> allows = new ArrayList<>();
    boolean failedClosed = false;
    for (CompiledPolicy p : policies) {
      if (!p.targets(request.subject(), request.action(), request.resource())) {
        continue;
      }
      if (p.effect() == Effect.ALLOW && !denies.isEmpty()) {
        continue; // a deny already decided; allows cannot change it
      }
      boolean matches = true;
      if (p.condition() != null) {
        if (variables == null) {
          variables = variables(request, now);
        }
        try {
          matches = p.condition().holds(variables);
        } catch (CelEvaluationException | RuntimeException e) {
          matches = p.effect() == Effect.DENY;
          failedClosed |= matches;
        }
      }
      if (matches) {
        (p.effect() == Effect.DENY ? denies : allows).add(p);
      }
    }
    if (!denies.isEmpty()) {
      return new DecisionResponse(
          false,
          ids(denies),
          "denied by "
              + names(denies)
              + (failedClosed ? " (a condition could not be evaluated)" : ""));
    }
    if (!allows.isEmpty()) {
      return new DecisionResponse(true, ids(allows), "allowed by " + names(allows));
    }
    return new DecisionResponse(
        false, List.of(), "no policy allows action " + request.action() + " (default deny)");
  }

  /** The CEL variables of a request; see {@link Conditions}. */
  static Map<String, Object> variables(DecisionRequest request, Instant now) {
    Map<String, Object> subject = Attributes.normalized(request.subjectAttributes());
    subject.put("id", request.subject());
    Map<String, Object> resource = Attributes.normalized(request.resourceAttributes());
    resource.put("id", request.resource());
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", subject);
    variables.put("resource", resource);
    variables.put("action", request.action());
    variables.put("context", Attributes.normalized(request.context()));
    variables.put("now", Conditions.timestamp(now));
    return variables;
  }

  private static List<UUID> ids(List<CompiledPolicy> matched) {
    return matched.stream().map(CompiledPolicy::id).toList();
  }

  private static String names(List<CompiledPolicy> matched) {
    StringBuilder out = new StringBuilder(matched.size() == 1 ? "policy " : "policies ");
    int shown = Math.min(matched.size(), 5);
    for (int i = 0; i < shown; i++) {
      out.append(i == 0 ? "" : ", ").append(matched.get(i).name());
    }
    if (matched.size() > shown) {
      out.append(" and ").append(matched.size() - shown).append(" more");
    }
    return out.toString();
  }
}
