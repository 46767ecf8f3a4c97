package dev.signet.token.federation;

import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * The dry run of {@code POST /v1/federation/trusts/{id}/explain}: a token is checked as an exchange
 * would check it (without using up its replay slot) and its claims matched against every rule of
 * the trust; claims alone are only matched. Nothing is issued, stored or audited.
 */
@ApplicationScoped
public class TrustExplainer {

  private final FederationTrustStore store;
  private final ExternalTokenVerifier verifier;

  TrustExplainer(FederationTrustStore store, ExternalTokenVerifier verifier) {
    this.store = store;
    this.verifier = verifier;
  }

  public Uni<ExplainResult> explain(UUID id, ExplainRequest request) {
    boolean hasToken = request.token() != null && !request.token().isBlank();
    if (hasToken == (request.claims() != null)) {
      throw ProblemException.badRequest("Give exactly one of token and claims.");
    }
    return store
        .find(id)
        .chain(
            found -> {
              StoredTrust trust =
                  found.orElseThrow(
                      () -> ProblemException.notFound("No federation trust with this id."));
              if (!hasToken) {
                return Uni.createFrom().item(match(trust, request.claims(), null));
              }
              Map<String, Object> claims = unverifiedClaims(request.token());
              return verifier
                  .verify(request.token())
                  .map(check -> match(trust, claims, tokenResult(check, trust)));
            });
  }

  private static ExplainResult.TokenResult tokenResult(
      ExternalTokenCheck check, StoredTrust trust) {
    if (check instanceof ExternalTokenCheck.Verified v) {
      if (!v.trust().id().equals(trust.id())) {
        return new ExplainResult.TokenResult(
            false, "trust", "The token would be checked against another trust of its issuer.");
      }
      return new ExplainResult.TokenResult(true, null, null);
    }
    if (check instanceof ExternalTokenCheck.Refused r) {
      return new ExplainResult.TokenResult(false, r.check(), r.description());
    }
    return new ExplainResult.TokenResult(
        false, "jwks_unavailable", "The issuer's keys cannot be fetched now.");
  }

  private static ExplainResult match(
      StoredTrust trust, Map<String, Object> claims, ExplainResult.TokenResult token) {
    List<ExplainResult.RuleResult> results = new ArrayList<>();
    String matched = null;
    for (FederationRule rule : trust.definition().rules()) {
      RuleOutcome outcome = RuleMatcher.match(trust.definition().kind(), rule, claims);
      if (outcome instanceof RuleOutcome.Mismatch m) {
        results.add(new ExplainResult.RuleResult(rule.name(), false, m.check(), m.reason()));
      } else {
        results.add(new ExplainResult.RuleResult(rule.name(), true, null, null));
        if (matched == null) {
          matched = rule.name();
        }
      }
    }
    boolean valid = token == null || token.valid();
    return new ExplainResult(
        trust.id().toString(), token, valid && matched != null, matched, List.copyOf(results));
  }

  private static Map<String, Object> unverifiedClaims(String token) {
    try {
      if (JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebSignature jws) {
        return JwtClaims.parse(jws.getUnverifiedPayload()).getClaimsMap();
      }
    } catch (JoseException | InvalidJwtException | RuntimeException e) {
      // A token that is not a JWS is answered the same way as one whose claims are not JSON.
    }
    throw ProblemException.badRequest("token is not a JWT whose claims can be read.");
  }
}
