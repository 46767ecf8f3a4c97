package dev.signet.token.delegation;

import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.tokens.SignetClaims;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RFC 8693 §4.1 actor chain of a token: the {@code act} claim names the current (newest) actor,
 * with the prior actor nested in its own {@code act}, and so on. Held here newest first, the order
 * delegation-service's check takes as {@code actor_chain}.
 */
public record ActChain(List<String> actors) {

  /** Deeper than any grant may go, so a hand-made deep claim is refused before it is walked. */
  static final int MAX_NESTING = DelegationPaths.MAX_DEPTH_CAP;

  public ActChain {
    actors = List.copyOf(actors);
  }

  public static ActChain empty() {
    return new ActChain(List.of());
  }

  /**
   * The chain of a verified token's {@code act} claim; empty when there is none. Empty when the
   * claim is malformed (not an object, no string {@code sub}, nested beyond {@link #MAX_NESTING}),
   * so the caller refuses the token.
   */
  public static Optional<ActChain> of(Object act) {
    List<String> actors = new ArrayList<>();
    Object current = act;
    while (current != null) {
      if (!(current instanceof Map<?, ?> map)
          || !(map.get("sub") instanceof String sub)
          || sub.isEmpty()
          || actors.size() >= MAX_NESTING) {
        return Optional.empty();
      }
      actors.add(sub);
      current = map.get(SignetClaims.ACT);
    }
    return Optional.of(new ActChain(actors));
  }

  public int depth() {
    return actors.size();
  }

  /** Whether {@code actor} is on the chain or is the principal: a hop to it would be a cycle. */
  public boolean wouldCycle(String principal, String actor) {
    return actor.equals(principal) || actors.contains(actor);
  }

  /** The first actor named twice, or the principal named as an actor; empty for a clean chain. */
  public Optional<String> repeated(String principal) {
    List<String> seen = new ArrayList<>();
    seen.add(principal);
    for (String a : actors) {
      if (seen.contains(a)) {
        return Optional.of(a);
      }
      seen.add(a);
    }
    return Optional.empty();
  }

  /** The chain after {@code actor} takes the next hop: it becomes the outer {@code act}. */
  public ActChain then(String actor) {
    List<String> next = new ArrayList<>();
    next.add(actor);
    next.addAll(actors);
    return new ActChain(next);
  }

  /** The {@code act} claim value: the newest actor outside, each prior one nested inside it. */
  public Map<String, Object> claim() {
    Map<String, Object> inner = null;
    for (int i = actors.size() - 1; i >= 0; i--) {
      Map<String, Object> level = new LinkedHashMap<>();
      level.put("sub", actors.get(i));
      if (inner != null) {
        level.put(SignetClaims.ACT, inner);
      }
      inner = level;
    }
    return inner == null ? Map.of() : inner;
  }
}
