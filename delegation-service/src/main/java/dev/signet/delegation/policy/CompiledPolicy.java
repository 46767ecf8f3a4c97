package dev.signet.delegation.policy;

import java.util.List;
import java.util.UUID;

/**
 * A policy ready to evaluate: its targets as globs (an empty list matches anything) and its
 * condition compiled, or null when it has none.
 */
public record CompiledPolicy(
    UUID id,
    String name,
    Effect effect,
    List<Glob> subjects,
    List<Glob> actions,
    List<Glob> resources,
    Conditions.Compiled condition) {

  /** Whether the policy's targets cover the request (its condition is evaluated after). */
  boolean targets(String subject, String action, String resource) {
    return any(subjects, subject) && any(actions, action) && any(resources, resource);
  }

  private static boolean any(List<Glob> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
