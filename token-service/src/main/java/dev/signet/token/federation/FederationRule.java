package dev.signet.token.federation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule of a trust: a token whose {@code sub} matches {@code subject} and whose claims match
 * every entry of {@code claims} (each claim against any of its patterns) maps to the Signet {@code
 * principal} with {@code scopes}, {@code audiences} and at most {@code maxTtlSeconds}.
 *
 * <p>Claim names are top-level claims, or a path into nested objects written with {@code /} ({@code
 * kubernetes.io/serviceaccount/uid}).
 */
public record FederationRule(
    String name,
    String subject,
    Map<String, List<String>> claims,
    String principal,
    List<String> scopes,
    List<String> audiences,
    long maxTtlSeconds) {

  public FederationRule {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    claims.forEach((claim, patterns) -> copy.put(claim, List.copyOf(patterns)));
    claims = Collections.unmodifiableMap(copy);
    scopes = List.copyOf(scopes);
    audiences = List.copyOf(audiences);
  }
}
