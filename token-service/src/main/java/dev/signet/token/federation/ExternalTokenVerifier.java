package dev.signet.token.federation;

import dev.signet.common.auth.jwks.JwksLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Checks an external OIDC token (a GitHub Actions or Kubernetes token) against the trusts of its
 * exact issuer, with jose4j: a JWS with an asymmetric algorithm (RS256, ES256, EdDSA) and a {@code
 * kid}, the trust whose exact audience the token carries, the key from the issuer's JWKS (bounded
 * fetch, see {@link ExternalJwks}) whose type and {@code alg} agree with the header, the signature,
 * then exp, nbf and iat with the configured skew (a future iat refused) and a lifetime of at most
 * the configured cap. Rules are not matched here.
 */
@ApplicationScoped
public class ExternalTokenVerifier {

  /** Longest subject token read; GitHub's and Kubernetes' are 1-2 KiB. */
  static final int MAX_TOKEN_CHARS = 16 * 1024;

  private static final Set<String> ALGORITHMS =
      Set.of(
          AlgorithmIdentifiers.RSA_USING_SHA256,
          AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
          AlgorithmIdentifiers.EDDSA);

  private final FederationTrustStore trusts;
  private final ExternalJwks jwks;
  private final FederationConfig config;
  private final Clock clock;

  ExternalTokenVerifier(
      FederationTrustStore trusts, ExternalJwks jwks, FederationConfig config, Clock clock) {
    this.trusts = trusts;
    this.jwks = jwks;
    this.config = config;
    this.clock = clock;
  }

  private record Parsed(JsonWebSignature jws, JwtClaims claims, String alg, String kid) {}

  public Uni<ExternalTokenCheck> verify(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return done(refused("format", "The subject token is too long.", null, null));
    }
    Parsed parsed;
    String issuer;
    List<String> audiences;
    try {
      if (!(JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebSignature jws)) {
        return done(refused("format", "The subject token is not a signed JWT.", null, null));
      }
      JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
      parsed = new Parsed(jws, claims, jws.getAlgorithmHeaderValue(), jws.getKeyIdHeaderValue());
      issuer = claims.getIssuer();
      audiences = claims.hasAudience() ? claims.getAudience() : List.of();
    } catch (JoseException | InvalidJwtException | MalformedClaimException | RuntimeException e) {
      return done(refused("format", "The subject token is not a well-formed JWT.", null, null));
    }
    if (!ALGORITHMS.contains(parsed.alg())) {
      return done(
          refused(
              "alg", "The subject token's alg is not one of RS256, ES256, EdDSA.", issuer, null));
    }
    if (parsed.kid() == null || parsed.kid().isEmpty()) {
      return done(refused("kid", "The subject token has no kid.", issuer, null));
    }
    if (issuer == null || issuer.isEmpty()) {
      return done(refused("issuer", "The subject token has no iss.", null, null));
    }
    Context context = Vertx.currentContext();
    return trusts
        .forIssuer(issuer)
        .chain(
            found -> {
              if (found.isEmpty()) {
                return done(
                    refused("issuer", "No federation trust names this issuer.", issuer, null));
              }
              Optional<StoredTrust> trust =
                  found.stream()
                      .filter(t -> audiences.contains(t.definition().audience()))
                      .findFirst();
              if (trust.isEmpty()) {
                return done(
                    refused(
                        "aud",
                        "The subject token's aud is not the trust's audience.",
                        issuer,
                        found.get(0)));
              }
              return Uni.createFrom()
                  .completionStage(() -> jwks.find(trust.get().jwksSource(), parsed.kid()))
                  // The key set fetch completes on an HTTP client thread; carry on where we were.
                  .emitOn(
                      task -> {
                        if (context == null) {
                          task.run();
                        } else {
                          context.runOnContext(v -> task.run());
                        }
                      })
                  .map(lookup -> checkWith(lookup, parsed, trust.get(), issuer));
            });
  }

  private ExternalTokenCheck checkWith(
      JwksLookup lookup, Parsed parsed, StoredTrust trust, String issuer) {
    if (lookup instanceof JwksLookup.Found f) {
      return checkSigned(f.key(), parsed, trust, issuer);
    }
    if (lookup instanceof JwksLookup.Unavailable u) {
      return new ExternalTokenCheck.Unavailable(u.reason(), issuer, trust);
    }
    return refused(
        "kid_unknown", "The issuer publishes no key with the token's kid.", issuer, trust);
  }

  private ExternalTokenCheck checkSigned(
      PublicJsonWebKey key, Parsed parsed, StoredTrust trust, String issuer) {
    if (!pinned(parsed.alg(), key)) {
      return refused("alg", "The subject token's alg does not match its key.", issuer, trust);
    }
    try {
      JsonWebSignature jws = parsed.jws();
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, parsed.alg()));
      jws.setKey(key.getPublicKey());
      if (!jws.verifySignature()) {
        return refused("signature", "The subject token's signature is not valid.", issuer, trust);
      }
    } catch (JoseException e) {
      return refused("signature", "The subject token's signature is not valid.", issuer, trust);
    }
    return checkTimes(parsed.claims(), trust, issuer);
  }

  private ExternalTokenCheck checkTimes(JwtClaims claims, StoredTrust trust, String issuer) {
    long now = clock.instant().getEpochSecond();
    long skew = config.clockSkew().toSeconds();
    long cap = config.maxSubjectTokenLifetime().toSeconds();
    NumericDate exp;
    NumericDate nbf;
    NumericDate iat;
    try {
      exp = claims.getExpirationTime();
      nbf = claims.getNotBefore();
      iat = claims.getIssuedAt();
    } catch (MalformedClaimException e) {
      return refused("format", "The subject token's time claims are not numbers.", issuer, trust);
    }
    if (exp == null) {
      return refused("exp", "The subject token has no exp.", issuer, trust);
    }
    if (exp.getValue() + skew <= now) {
      return refused("exp", "The subject token has expired.", issuer, trust);
    }
    if (nbf != null && nbf.getValue() - skew > now) {
      return refused("nbf", "The subject token is not valid yet (nbf).", issuer, trust);
    }
    if (iat == null) {
      return refused("iat", "The subject token has no iat.", issuer, trust);
    }
    if (iat.getValue() - skew > now) {
      return refused("iat", "The subject token is issued in the future (iat).", issuer, trust);
    }
    if (exp.getValue() - iat.getValue() > cap || exp.getValue() - now > cap + skew) {
      return refused(
          "lifetime",
          "The subject token lives longer than the " + cap + " s this server accepts.",
          issuer,
          trust);
    }
    return new ExternalTokenCheck.Verified(trust, claims, issuer);
  }

  /** The header's alg must be the one the key's type signs with, and the key's own alg if set. */
  static boolean pinned(String alg, PublicJsonWebKey key) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
      return false;
    }
    return switch (alg) {
      case AlgorithmIdentifiers.RSA_USING_SHA256 -> key instanceof RsaJsonWebKey;
      case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 ->
          key instanceof EllipticCurveJsonWebKey ec
              && EllipticCurves.P_256.equals(ec.getCurveName());
      case AlgorithmIdentifiers.EDDSA -> key instanceof OctetKeyPairJsonWebKey;
      default -> false;
    };
  }

  private static ExternalTokenCheck refused(
      String check, String description, String issuer, StoredTrust trust) {
    return new ExternalTokenCheck.Refused(check, description, issuer, trust);
  }

  private static Uni<ExternalTokenCheck> done(ExternalTokenCheck check) {
    return Uni.createFrom().item(check);
  }
}
