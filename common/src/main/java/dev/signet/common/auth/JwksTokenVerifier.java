package dev.signet.common.auth;

import dev.signet.common.auth.jwks.IssuerJwks;
import dev.signet.common.auth.jwks.JwksLookup;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
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
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;

/**
 * Verifies Signet access tokens for a resource server that has no access to Signet's database: the
 * keys come from the issuer's JWKS ({@link IssuerJwks}: discovery, bounded fetch, cache within
 * bounds, one refetch per interval on unknown kids). The checks are {@link TokenVerifier}'s: a kid
 * is required, the algorithm is pinned to the key's (RS256, ES256, EdDSA; never {@code none} or
 * HS*), {@code typ: at+jwt}, {@code iss}, exp/nbf with the {@link ClockSkew} and a future {@code
 * iat} refused. Selected with {@code signet.auth.verifier=jwks}.
 */
@ApplicationScoped
public class JwksTokenVerifier implements BearerTokenVerifier {

  private static final Logger LOG = Logger.getLogger(JwksTokenVerifier.class);

  private final IssuerJwks jwks;
  private final String issuer;
  private final Clock clock;
  private final ClockSkew skew;

  @Inject
  JwksTokenVerifier(
      JwksVerifierConfig config,
      Clock clock,
      ClockSkew skew,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String signetIssuer) {
    this(
        new IssuerJwks(
            config.issuer().orElse(signetIssuer),
            config.uri(),
            new IssuerJwks.Settings(
                config.timeout(),
                config.maxBytes(),
                config.refetchInterval(),
                config.minCache(),
                config.maxCache(),
                config.defaultCache()),
            clock),
        config.issuer().orElse(signetIssuer),
        clock,
        skew);
  }

  /** A verifier over an explicit key source (tests, and apps that build their own). */
  public JwksTokenVerifier(IssuerJwks jwks, String issuer, Clock clock, ClockSkew skew) {
    this.jwks = jwks;
    this.issuer = issuer;
    this.clock = clock;
    this.skew = skew;
  }

  /** The {@code iss} every accepted token must carry. */
  public String issuer() {
    return issuer;
  }

  @Override
  public Uni<VerifiedToken> verify(String jwt) {
    JsonWebSignature jws;
    try {
      jws = TokenVerifier.parse(jwt);
    } catch (InvalidTokenException e) {
      return Uni.createFrom().failure(e);
    }
    String kid = jws.getKeyIdHeaderValue();
    String alg = jws.getAlgorithmHeaderValue();
    if (!isAsymmetric(alg)) {
      return Uni.createFrom().failure(new InvalidTokenException("unsupported_alg"));
    }
    if (kid == null || kid.isBlank() || kid.length() > 200) {
      return Uni.createFrom().failure(new InvalidTokenException("missing_kid"));
    }
    if (!TokenVerifier.isAccessTokenType(jws.getHeader("typ"))) {
      return Uni.createFrom().failure(new InvalidTokenException("wrong_type"));
    }
    Context context = Vertx.currentContext();
    return Uni.createFrom()
        .completionStage(() -> jwks.find(kid))
        // The key set fetch completes on an HTTP client thread; carry on where the request was.
        .emitOn(
            task -> {
              if (context == null) {
                task.run();
              } else {
                context.runOnContext(v -> task.run());
              }
            })
        .map(lookup -> checkWith(lookup, jwt, kid, alg));
  }

  private VerifiedToken checkWith(JwksLookup lookup, String jwt, String kid, String alg) {
    if (lookup instanceof JwksLookup.Found found) {
      return check(found.key(), jwt, kid, alg);
    }
    if (lookup instanceof JwksLookup.Unavailable unavailable) {
      LOG.warnf("the issuer's key set cannot be read: %s", unavailable.reason());
      throw ProblemException.unavailable("The token's signing keys cannot be read now.");
    }
    throw new InvalidTokenException("unknown_kid");
  }

  private VerifiedToken check(PublicJsonWebKey key, String jwt, String kid, String alg) {
    if (!pinned(alg, key)) {
      throw new InvalidTokenException("alg_mismatch");
    }
    long nowMillis = clock.millis();
    long skewSeconds = Math.max(0, skew.current().toSeconds());
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKey(key.getPublicKey())
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds((int) Math.min(skewSeconds, 3600))
            .setExpectedIssuer(issuer)
            .setSkipDefaultAudienceValidation()
            .setEvaluationTime(NumericDate.fromMilliseconds(nowMillis))
            .build();
    JwtClaims claims;
    try {
      claims = consumer.processToClaims(jwt.trim());
    } catch (InvalidJwtException e) {
      throw new InvalidTokenException(TokenVerifier.reason(e));
    } catch (RuntimeException e) {
      throw new InvalidTokenException("malformed_claims");
    }
    try {
      NumericDate iat = claims.getIssuedAt();
      if (iat != null && iat.getValueInMillis() > nowMillis + skewSeconds * 1000L) {
        throw new InvalidTokenException("issued_in_future");
      }
    } catch (MalformedClaimException e) {
      throw new InvalidTokenException("malformed_claims");
    }
    return new VerifiedToken(kid, alg, claims);
  }

  private static boolean isAsymmetric(String alg) {
    return AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)
        || AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(alg)
        || AlgorithmIdentifiers.EDDSA.equals(alg);
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
}
