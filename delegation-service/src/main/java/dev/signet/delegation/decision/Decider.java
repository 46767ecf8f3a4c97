package dev.signet.delegation.decision;

import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import dev.signet.delegation.policy.Attributes;
import dev.signet.delegation.policy.PolicyCache;
import dev.signet.delegation.policy.PolicySet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers decisions against the cached policy set and counts them by outcome and deciding policy
 * ({@code signet_delegation_decisions_total}). Other features (tool checks) decide through it.
 */
@ApplicationScoped
public class Decider {

  /** Longest subject, action or resource id. */
  public static final int ID_MAX = 512;

  private final PolicyCache cache;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  Decider(PolicyCache cache, Clock clock, MeterRegistry registry) {
    this.cache = cache;
    this.clock = clock;
    this.registry = registry;
  }

  /** One decision; a malformed request is a 400 naming the field. */
  public Uni<DecisionResponse> decide(DecisionRequest request) {
    checked("", request);
    return cache.current().map(set -> counted(set.decide(request, clock.instant())));
  }

  /** Many decisions against one policy set, in order; any malformed request fails the batch. */
  public Uni<List<DecisionResponse>> decideAll(List<DecisionRequest> requests) {
    for (int i = 0; i < requests.size(); i++) {
      checked("requests[" + i + "].", requests.get(i));
    }
    return cache
        .current()
        .map(
            set -> {
              Instant now = clock.instant();
              List<DecisionResponse> out = new ArrayList<>(requests.size());
              for (DecisionRequest r : requests) {
                out.add(counted(set.decide(r, now)));
              }
              return out;
            });
  }

  /** The policy set decisions use now (tests and the bench read its size). */
  public Uni<PolicySet> policies() {
    return cache.current();
  }

  private static void checked(String prefix, DecisionRequest r) {
    if (r == null) {
      throw new InvalidInputException(prefix.isEmpty() ? "body" : prefix, "must not be null");
    }
    id(prefix + "subject", r.subject());
    id(prefix + "action", r.action());
    id(prefix + "resource", r.resource());
    Attributes.check(prefix + "subject_attributes", r.subjectAttributes());
    Attributes.check(prefix + "resource_attributes", r.resourceAttributes());
    Attributes.check(prefix + "context", r.context());
  }

  private static void id(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(field, "is required");
    }
    CleanText.require(field, value, ID_MAX);
  }

  private DecisionResponse counted(DecisionResponse d) {
    String outcome = d.allowed() ? "allow" : "deny";
    String policy = d.policyIds().isEmpty() ? "default" : d.policyIds().get(0).toString();
    counters
        .computeIfAbsent(
            outcome + "|" + policy,
            k ->
                Counter.builder("signet.delegation.decisions")
                    .description("Policy decisions by outcome and deciding policy")
                    .tag("outcome", outcome)
                    .tag("policy", policy)
                    .register(registry))
        .increment();
    return d;
  }
}
