package dev.signet.token.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a verified token's claims against a rule, with the platform-specific conditions of the
 * trust's {@link TrustKind}. Pure: it sees claims only, never the token, and reports the first
 * condition that failed.
 *
 * <ul>
 *   <li>GitHub Actions: both {@code sub} formats GitHub issues match the same rule (the immutable
 *       {@code repo:org@ID/repo@ID:...} also matches a pattern written in the legacy form, once its
 *       IDs agree with {@code repository_owner_id} and {@code repository_id}); {@code
 *       pull_request_target} and {@code workflow_run} are refused unless the rule's {@code
 *       event_name} condition names them exactly.
 *   <li>Kubernetes: a namespace's {@code default} service account is refused unless the rule's
 *       subject names {@code default} literally as its last segment.
 * </ul>
 */
public final class RuleMatcher {

  /** GitHub events that run fork code with the base repository's identity. */
  static final Set<String> FORK_CODE_EVENTS = Set.of("pull_request_target", "workflow_run");

  private static final String K8S_PREFIX = "system:serviceaccount:";

  private RuleMatcher() {}

  /** Matches {@code claims} (the verified token's claim set) against {@code rule}. */
  public static RuleOutcome match(TrustKind kind, FederationRule rule, Map<String, Object> claims) {
    Optional<String> sub = claimText(claims, "sub");
    if (sub.isEmpty()) {
      return new RuleOutcome.Mismatch(rule.name(), "sub", "token has no sub");
    }
    ClaimGlob subject = ClaimGlob.compile(rule.subject());
    boolean subjectMatches =
        switch (kind) {
          case GITHUB_ACTIONS -> githubSubjectMatches(subject, sub.get(), claims);
          case KUBERNETES, OIDC -> subject.matches(sub.get());
        };
    if (!subjectMatches) {
      return new RuleOutcome.Mismatch(rule.name(), "sub", "sub does not match the rule's subject");
    }
    for (Map.Entry<String, List<String>> condition : rule.claims().entrySet()) {
      String name = condition.getKey();
      Optional<String> value = claimText(claims, name);
      if (value.isEmpty()) {
        return new RuleOutcome.Mismatch(rule.name(), "claim:" + name, "token lacks the claim");
      }
      boolean any =
          condition.getValue().stream().anyMatch(p -> ClaimGlob.compile(p).matches(value.get()));
      if (!any) {
        return new RuleOutcome.Mismatch(
            rule.name(), "claim:" + name, "claim matches none of the rule's values");
      }
    }
    if (kind == TrustKind.GITHUB_ACTIONS) {
      Optional<String> event = claimText(claims, "event_name");
      if (event.isPresent() && FORK_CODE_EVENTS.contains(event.get())) {
        List<String> named = rule.claims().getOrDefault("event_name", List.of());
        if (!named.contains(event.get())) {
          return new RuleOutcome.Mismatch(
              rule.name(), "event_name", "fork-code event not named by the rule");
        }
      }
    }
    if (kind == TrustKind.KUBERNETES && isDefaultServiceAccount(sub.get(), claims)) {
      if (!namesDefault(rule.subject())) {
        return new RuleOutcome.Mismatch(
            rule.name(),
            "default_service_account",
            "default service account not named by the rule");
      }
    }
    return new RuleOutcome.Matched(rule.name());
  }

  /**
   * The claim's value as text: a string, number or boolean at the top level, or at a {@code /} path
   * into nested objects. Objects, arrays and null are absent.
   */
  public static Optional<String> claimText(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null && name.indexOf('/') > 0) {
      Object at = claims;
      for (String part : name.split("/", -1)) {
        if (!(at instanceof Map<?, ?> map)) {
          return Optional.empty();
        }
        at = map.get(part);
      }
      value = at;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    return Optional.empty();
  }

  private static boolean githubSubjectMatches(
      ClaimGlob subject, String sub, Map<String, Object> claims) {
    if (subject.matches(sub)) {
      return immutableIdsAgree(sub, claims);
    }
    Optional<String> legacy = legacyGithubSubject(sub, claims);
    return legacy.isPresent() && subject.matches(legacy.get());
  }

  /**
   * {@code repo:org@OWNER_ID/repo@REPO_ID:rest} as {@code repo:org/repo:rest}, when both IDs agree
   * with the token's {@code repository_owner_id} and {@code repository_id}; empty otherwise.
   */
  static Optional<String> legacyGithubSubject(String sub, Map<String, Object> claims) {
    if (!sub.startsWith("repo:")) {
      return Optional.empty();
    }
    int colon = sub.indexOf(':', 5);
    String repoPart = colon < 0 ? sub.substring(5) : sub.substring(5, colon);
    String rest = colon < 0 ? "" : sub.substring(colon);
    int slash = repoPart.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<String[]> owner = splitId(repoPart.substring(0, slash));
    Optional<String[]> repo = splitId(repoPart.substring(slash + 1));
    if (owner.isEmpty() || repo.isEmpty()) {
      return Optional.empty();
    }
    if (!owner.get()[1].equals(claimText(claims, "repository_owner_id").orElse(null))
        || !repo.get()[1].equals(claimText(claims, "repository_id").orElse(null))) {
      return Optional.empty();
    }
    return Optional.of("repo:" + owner.get()[0] + "/" + repo.get()[0] + rest);
  }

  private static boolean immutableIdsAgree(String sub, Map<String, Object> claims) {
    if (!sub.startsWith("repo:")) {
      return true;
    }
    int colon = sub.indexOf(':', 5);
    String repoPart = colon < 0 ? sub.substring(5) : sub.substring(5, colon);
    if (repoPart.indexOf('@') < 0) {
      return true;
    }
    return legacyGithubSubject(sub, claims).isPresent();
  }

  private static Optional<String[]> splitId(String part) {
    int at = part.lastIndexOf('@');
    if (at <= 0 || at == part.length() - 1) {
      return Optional.empty();
    }
    String id = part.substring(at + 1);
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    return Optional.of(new String[] {part.substring(0, at), id});
  }

  private static boolean isDefaultServiceAccount(String sub, Map<String, Object> claims) {
    if (sub.startsWith(K8S_PREFIX) && sub.endsWith(":default")) {
      return true;
    }
    return claimText(claims, "kubernetes.io/serviceaccount/name").orElse("").equals("default");
  }

  private static boolean namesDefault(String subjectPattern) {
    int last = Math.max(subjectPattern.lastIndexOf(':'), subjectPattern.lastIndexOf('/'));
    return subjectPattern.substring(last + 1).equals("default");
  }
}
