package dev.signet.token.federation;

import java.util.List;
import java.util.Optional;

/**
 * A federation trust as an administrator writes it: tokens from {@code issuer} (exact), whose keys
 * come from {@code jwksUri} or, when absent, the issuer's discovery document, carrying {@code
 * audience} (exact), map to Signet principals through {@code rules}, tried in order.
 */
public record TrustDefinition(
    String name,
    TrustKind kind,
    String issuer,
    Optional<String> jwksUri,
    String audience,
    List<FederationRule> rules) {

  public TrustDefinition {
    rules = List.copyOf(rules);
  }
}
