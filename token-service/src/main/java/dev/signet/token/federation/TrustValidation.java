package dev.signet.token.federation;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a trust before it is stored, naming the field of every error: an exact https issuer (plain
 * http only on a loopback host), an exact Signet audience, and rules that cannot match by accident
 * (no subject of only wildcards, no wildcard across GitHub organisations, no organisation-wide
 * wildcard without the immutable {@code repository_owner_id}, Kubernetes subjects that are
 * service-account subjects).
 */
public final class TrustValidation {

  /** Longest rule TTL a trust may grant; the exchange also clamps to the subject token's exp. */
  public static final long MAX_RULE_TTL_SECONDS = 3600;

  private static final String K8S_PREFIX = "system:serviceaccount:";

  private TrustValidation() {}

  /** Throws a 400 problem listing every field in error; returns when the trust is sound. */
  public static void validate(TrustDefinition trust) {
    List<Problem.FieldError> errors = errors(trust);
    if (!errors.isEmpty()) {
      throw ProblemException.validation("The federation trust is not valid.", errors);
    }
  }

  /** Every field in error, in field order; empty when the trust is sound. */
  public static List<Problem.FieldError> errors(TrustDefinition trust) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (trust.name() == null || trust.name().isBlank()) {
      errors.add(new Problem.FieldError("name", "is required"));
    }
    if (trust.kind() == null) {
      errors.add(new Problem.FieldError("kind", "is required"));
    }
    checkUrl("issuer", trust.issuer(), errors);
    trust.jwksUri().ifPresent(uri -> checkUrl("jwks_uri", uri, errors));
    if (trust.audience() == null || trust.audience().isBlank()) {
      errors.add(new Problem.FieldError("audience", "is required"));
    } else if (trust.audience().contains("*")) {
      errors.add(new Problem.FieldError("audience", "must be an exact value, not a wildcard"));
    }
    if (trust.rules().isEmpty()) {
      errors.add(new Problem.FieldError("rules", "needs at least one rule"));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < trust.rules().size(); i++) {
      FederationRule rule = trust.rules().get(i);
      String at = "rules[" + i + "]";
      if (rule.name() == null || rule.name().isBlank()) {
        errors.add(new Problem.FieldError(at + ".name", "is required"));
      } else if (!names.add(rule.name())) {
        errors.add(new Problem.FieldError(at + ".name", "is used by an earlier rule"));
      }
      checkRule(trust.kind(), rule, at, errors);
    }
    return errors;
  }

  private static void checkRule(
      TrustKind kind, FederationRule rule, String at, List<Problem.FieldError> errors) {
    if (rule.subject() == null || rule.subject().isBlank()) {
      errors.add(new Problem.FieldError(at + ".subject", "is required"));
      return;
    }
    if (ClaimGlob.compile(rule.subject()).isOnlyWildcards()) {
      errors.add(new Problem.FieldError(at + ".subject", "must not be only wildcards"));
    }
    if (rule.principal() == null || rule.principal().isBlank()) {
      errors.add(new Problem.FieldError(at + ".principal", "is required"));
    }
    if (rule.maxTtlSeconds() < 1 || rule.maxTtlSeconds() > MAX_RULE_TTL_SECONDS) {
      errors.add(
          new Problem.FieldError(
              at + ".max_ttl_seconds", "must be between 1 and " + MAX_RULE_TTL_SECONDS));
    }
    for (Map.Entry<String, List<String>> condition : rule.claims().entrySet()) {
      String field = at + ".claims." + condition.getKey();
      if (condition.getKey().isBlank()) {
        errors.add(new Problem.FieldError(at + ".claims", "claim names must not be blank"));
      }
      if (condition.getValue().isEmpty()) {
        errors.add(new Problem.FieldError(field, "needs at least one value"));
      }
      for (String pattern : condition.getValue()) {
        if (pattern == null || pattern.isEmpty()) {
          errors.add(new Problem.FieldError(field, "values must not be empty"));
        } else if (ClaimGlob.compile(pattern).isOnlyWildcards()) {
          errors.add(new Problem.FieldError(field, "must not be only wildcards"));
        }
      }
    }
    if (kind == TrustKind.GITHUB_ACTIONS) {
      checkGithub(rule, at, errors);
    } else if (kind == TrustKind.KUBERNETES && !rule.subject().startsWith(K8S_PREFIX)) {
      errors.add(
          new Problem.FieldError(
              at + ".subject", "must start with " + K8S_PREFIX + " followed by <ns>:<sa>"));
    }
  }

  private static void checkGithub(FederationRule rule, String at, List<Problem.FieldError> errors) {
    String subject = rule.subject();
    if (!subject.startsWith("repo:")) {
      errors.add(new Problem.FieldError(at + ".subject", "must start with repo:<org>/<repo>"));
      return;
    }
    int colon = subject.indexOf(':', 5);
    String repoPart = colon < 0 ? subject.substring(5) : subject.substring(5, colon);
    int slash = repoPart.indexOf('/');
    String owner = slash < 0 ? repoPart : repoPart.substring(0, slash);
    String repo = slash < 0 ? "" : repoPart.substring(slash + 1);
    if (owner.contains("*") || slash < 0) {
      errors.add(
          new Problem.FieldError(at + ".subject", "must name one organisation, without wildcards"));
      return;
    }
    boolean orgWide = repo.contains("*") || anyWildcard(rule.claims().get("repository"));
    if (orgWide && !exactSingle(rule.claims().get("repository_owner_id"))) {
      errors.add(
          new Problem.FieldError(
              at + ".claims.repository_owner_id",
              "an organisation-wide wildcard needs the exact repository_owner_id"));
    }
    if (anyWildcard(rule.claims().get("repository_owner"))) {
      errors.add(new Problem.FieldError(at + ".claims.repository_owner", "must be an exact value"));
    }
  }

  private static boolean anyWildcard(List<String> patterns) {
    return patterns != null && patterns.stream().anyMatch(p -> p != null && p.contains("*"));
  }

  private static boolean exactSingle(List<String> patterns) {
    return patterns != null
        && patterns.size() == 1
        && patterns.get(0) != null
        && !patterns.get(0).isEmpty()
        && !patterns.get(0).contains("*");
  }

  private static void checkUrl(String field, String value, List<Problem.FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new Problem.FieldError(field, "is required"));
      return;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      errors.add(new Problem.FieldError(field, "is not a URL"));
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || value.contains("*")) {
      errors.add(
          new Problem.FieldError(field, "must be an exact URL with a host, no query or fragment"));
      return;
    }
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      errors.add(new Problem.FieldError(field, "must use https"));
    }
  }
}
