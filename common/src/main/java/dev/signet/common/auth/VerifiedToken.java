package dev.signet.common.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/** A token whose signature, issuer and times were checked, with the key that signed it. */
public record VerifiedToken(String kid, String alg, JwtClaims claims) {

  public String subject() {
    return string("sub");
  }

  /** The space-delimited {@code scope} claim as a set; empty when absent. */
  public Set<String> scopes() {
    String scope = string("scope");
    if (scope == null || scope.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+"))));
  }

  public String clientId() {
    return string("client_id");
  }

  public String jti() {
    return string("jti");
  }

  private String string(String name) {
    try {
      return claims.getClaimValue(name) == null ? null : claims.getStringClaimValue(name);
    } catch (MalformedClaimException e) {
      return null;
    }
  }
}
