package dev.signet.delegation.grant;

import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.error.ProblemException;
import dev.signet.delegation.agent.Agent;
import dev.signet.delegation.policy.Glob;
import dev.signet.delegation.scopes.ScopeGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a new grant may hold: pure rules, so every hop is checked the same way. Each hop only
 * narrows: scopes within the delegator's and the receiving agent's (after expansion), audiences and
 * resources within the parent's, expiry no later than the parent's, depth within budget, and no
 * actor twice in one chain.
 */
public final class GrantRules {

  /** Longest a root grant may run. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(30);

  /** The grant to store, its fields settled. */
  public record Narrowed(
      List<String> scopes,
      List<String> audiences,
      List<String> resources,
      int depth,
      int maxDepth,
      Instant expiresAt) {}

  private GrantRules() {}

  /**
   * A root grant from {@code principal}, who holds {@code held}, to {@code agent}; a 400 naming
   * what is wrong otherwise.
   */
  public static Narrowed root(
      String principal,
      Set<String> held,
      Agent agent,
      GrantWrite w,
      ScopeGraph graph,
      Instant now) {
    requireActive(agent);
    if (agent.clientId().equals(principal)) {
      throw ProblemException.badRequest("an agent cannot delegate to itself");
    }
    Set<String> ceiling = new TreeSet<>(graph.expand(held));
    ceiling.removeIf(s -> s.startsWith("signet:"));
    List<String> scopes = scopes(w, null, ceiling, agent, graph);
    List<String> audiences = orEmpty(w.audiences());
    if (audiences.isEmpty()) {
      throw ProblemException.badRequest("audiences: a root grant names at least one audience");
    }
    List<String> resources = orEmpty(w.resources());
    if (!agent.allowedResources().isEmpty()) {
      if (resources.isEmpty()) {
        resources = agent.allowedResources();
      }
      within("resources", resources, agent.allowedResources(), "the agent's allowed resources");
    }
    resources.forEach(r -> glob("resources", r));
    int maxDepth = w.maxDepth() == null ? DelegationPaths.DEFAULT_MAX_DEPTH : w.maxDepth();
    if (maxDepth < 1 || maxDepth > DelegationPaths.MAX_DEPTH_CAP) {
      throw ProblemException.badRequest("max_depth must be 1-" + DelegationPaths.MAX_DEPTH_CAP);
    }
    Instant expires = expiry(w.expiresAt(), now, now.plus(MAX_LIFETIME), "30 days from now");
    return new Narrowed(scopes, distinct(audiences), distinct(resources), 1, maxDepth, expires);
  }

  /**
   * A child of {@code chain.get(0)} (the parent; the rest its ancestors up to the root), asked for
   * by {@code caller}, to {@code agent}.
   */
  public static Narrowed child(
      String caller, List<Grant> chain, Agent agent, GrantWrite w, ScopeGraph graph, Instant now) {
    Grant parent = chain.get(0);
    Grant root = chain.get(chain.size() - 1);
    if (!parent.actor().equals(caller)) {
      throw ProblemException.forbidden("only the actor of the parent grant may delegate from it");
    }
    if (!parent.liveAt(now)) {
      throw ProblemException.conflict("the parent grant is revoked or expired");
    }
    requireActive(agent);
    Set<String> onChain = new LinkedHashSet<>();
    onChain.add(root.principal());
    chain.forEach(g -> onChain.add(g.actor()));
    if (onChain.contains(agent.clientId())) {
      throw ProblemException.badRequest(
          "actor cycle: " + agent.clientId() + " is already in the delegation chain");
    }
    int depth = parent.depth() + 1;
    int maxDepth = w.maxDepth() == null ? parent.maxDepth() : w.maxDepth();
    if (maxDepth < 1 || maxDepth > parent.maxDepth()) {
      throw ProblemException.badRequest(
          "max_depth must be 1-" + parent.maxDepth() + " (the parent grant's)");
    }
    if (depth > maxDepth) {
      throw ProblemException.badRequest(
          "delegation depth " + depth + " exceeds the chain's max_depth " + maxDepth);
    }
    List<String> scopes =
        scopes(w, parent.scopes(), new TreeSet<>(graph.expand(parent.scopes())), agent, graph);
    List<String> audiences =
        w.audiences() == null || w.audiences().isEmpty() ? parent.audiences() : w.audiences();
    Set<String> widerAudiences = new TreeSet<>(audiences);
    parent.audiences().forEach(widerAudiences::remove);
    if (!widerAudiences.isEmpty()) {
      throw ProblemException.badRequest(
          "audiences exceed the parent grant's: " + String.join(", ", widerAudiences));
    }
    List<String> resources =
        w.resources() == null || w.resources().isEmpty() ? parent.resources() : w.resources();
    if (!parent.resources().isEmpty()) {
      within("resources", resources, parent.resources(), "the parent grant's resources");
    }
    if (!agent.allowedResources().isEmpty()) {
      if (resources.isEmpty()) {
        resources = agent.allowedResources();
      }
      within("resources", resources, agent.allowedResources(), "the agent's allowed resources");
    }
    resources.forEach(r -> glob("resources", r));
    Instant expires = expiry(w.expiresAt(), now, parent.expiresAt(), "the parent grant's expiry");
    return new Narrowed(scopes, distinct(audiences), distinct(resources), depth, maxDepth, expires);
  }

  /** The scopes, defaulting to the parent's; expanded, they must lie in ceiling ∩ agent's. */
  private static List<String> scopes(
      GrantWrite w, List<String> inherited, Set<String> ceiling, Agent agent, ScopeGraph graph) {
    List<String> scopes =
        w.scopes() == null || w.scopes().isEmpty()
            ? (inherited == null ? List.of() : inherited)
            : w.scopes();
    if (scopes.isEmpty()) {
      throw ProblemException.badRequest("scopes: a grant delegates at least one scope");
    }
    Set<String> expanded = graph.expand(scopes);
    Set<String> beyondDelegator = new TreeSet<>(expanded);
    beyondDelegator.removeAll(ceiling);
    if (!beyondDelegator.isEmpty()) {
      throw ProblemException.badRequest(
          "scopes exceed what the delegator holds: " + String.join(", ", beyondDelegator));
    }
    Set<String> beyondAgent = new TreeSet<>(expanded);
    beyondAgent.removeAll(graph.expand(agent.allowedScopes()));
    if (!beyondAgent.isEmpty()) {
      throw ProblemException.badRequest(
          "scopes exceed the agent's allowed scopes: " + String.join(", ", beyondAgent));
    }
    return distinct(scopes);
  }

  private static Instant expiry(Instant asked, Instant now, Instant latest, String what) {
    if (!asked.isAfter(now)) {
      throw ProblemException.badRequest("expires_at must be in the future");
    }
    if (asked.isAfter(latest)) {
      throw ProblemException.badRequest("expires_at must not be later than " + what);
    }
    return asked;
  }

  /**
   * Each pattern equals one of {@code outer}, or is star-free and matched by one of them (a star
   * pattern matched literally could widen: {@code *} would match {@code **}).
   */
  static void within(String field, List<String> inner, List<String> outer, String what) {
    List<String> wider = new ArrayList<>();
    for (String r : inner) {
      boolean ok = outer.contains(r);
      if (!ok && r.indexOf('*') < 0) {
        for (String o : outer) {
          if (glob(field, o).matches(r)) {
            ok = true;
            break;
          }
        }
      }
      if (!ok) {
        wider.add(r);
      }
    }
    if (!wider.isEmpty()) {
      throw ProblemException.badRequest(
          field + " exceed " + what + ": " + String.join(", ", wider));
    }
  }

  private static Glob glob(String field, String pattern) {
    try {
      return Glob.of(pattern);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(field + ": " + e.getMessage());
    }
  }

  private static void requireActive(Agent agent) {
    if (!agent.active()) {
      throw ProblemException.conflict("agent " + agent.name() + " is " + agent.status());
    }
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static List<String> distinct(List<String> list) {
    return List.copyOf(new LinkedHashSet<>(list));
  }
}
