package dev.signet.common.auth;

import dev.signet.common.error.SafeFailures;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.KeysConfig;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Verifies Signet-issued JWTs against the {@code active} and {@code previous} keys of {@code
 * signing_keys}. The algorithm is pinned by the key the kid names, so {@code none}, HS* and any
 * algorithm swap fail; exp, nbf and iat are checked with {@value #CLOCK_SKEW_SECONDS} s of skew and
 * the issuer must be {@code signet.issuer}.
 */
@ApplicationScoped
public class TokenVerifier {

  /** Allowed clock difference between issuer and verifier. */
  public static final int CLOCK_SKEW_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

  /** An unknown kid reloads the key set at most this often, so junk kids cannot flood the DB. */
  private static final long UNKNOWN_KID_RELOAD_NANOS = 2_000_000_000L;

  private record VerificationKey(SigningAlgorithm algorithm, PublicKey publicKey) {}

  private record KeySet(Map<String, VerificationKey> keys, long loadedAtNanos) {}

  private final Pool pool;
  private final KeysConfig config;
  private final KeyChangeNotifications notifications;
  private final Clock clock;
  private final String issuer;
  private final AtomicLong generation = new AtomicLong();
  private volatile KeySet keySet;
  private volatile boolean subscribed;

  TokenVerifier(
      Pool pool,
      KeysConfig config,
      KeyChangeNotifications notifications,
      Clock clock,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.pool = pool;
    this.config = config;
    this.notifications = notifications;
    this.clock = clock;
    this.issuer = issuer;
  }

  /** The {@code iss} every accepted token must carry. */
  public String issuer() {
    return issuer;
  }

  /** Verifies the compact JWS; fails with {@link InvalidTokenException} when it is not good. */
  public Uni<VerifiedToken> verify(String jwt) {
    subscribeOnce();
    JsonWebSignature jws;
    try {
      jws = parse(jwt);
    } catch (InvalidTokenException e) {
      return Uni.createFrom().failure(e);
    }
    String kid = jws.getKeyIdHeaderValue();
    String alg = jws.getAlgorithmHeaderValue();
    if (SigningAlgorithm.fromJwsName(alg) == null) {
      return Uni.createFrom().failure(new InvalidTokenException("unsupported_alg"));
    }
    if (kid == null || kid.isBlank()) {
      return Uni.createFrom().failure(new InvalidTokenException("missing_kid"));
    }
    KeySet current = keySet;
    long now = System.nanoTime();
    boolean fresh = current != null && now - current.loadedAtNanos() < config.cacheTtl().toNanos();
    if (fresh && current.keys().containsKey(kid)) {
      return Uni.createFrom().item(() -> check(jwt, kid, alg, current));
    }
    if (fresh && now - current.loadedAtNanos() < UNKNOWN_KID_RELOAD_NANOS) {
      return Uni.createFrom().failure(new InvalidTokenException("unknown_kid"));
    }
    return load().map(loaded -> check(jwt, kid, alg, loaded));
  }

  /** Forgets the cached key set; the next verification reloads it. */
  public void invalidate() {
    generation.incrementAndGet();
    keySet = null;
  }

  private static JsonWebSignature parse(String jwt) {
    if (jwt == null || jwt.isBlank()) {
      throw new InvalidTokenException("missing");
    }
    try {
      JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(jwt.trim());
      if (structure instanceof JsonWebSignature jws) {
        return jws;
      }
      throw new InvalidTokenException("not_a_jws");
    } catch (JoseException e) {
      throw new InvalidTokenException("malformed");
    }
  }

  private VerifiedToken check(String jwt, String kid, String alg, KeySet keys) {
    VerificationKey key = keys.keys().get(kid);
    if (key == null) {
      throw new InvalidTokenException("unknown_kid");
    }
    if (!key.algorithm().jwsName().equals(alg)) {
      throw new InvalidTokenException("alg_mismatch");
    }
    long nowMillis = clock.millis();
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKey(key.publicKey())
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, key.algorithm().jwsName())
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
            .setExpectedIssuer(issuer)
            .setSkipDefaultAudienceValidation()
            .setEvaluationTime(NumericDate.fromMilliseconds(nowMillis))
            .build();
    JwtClaims claims;
    try {
      claims = consumer.processToClaims(jwt.trim());
    } catch (InvalidJwtException e) {
      throw new InvalidTokenException(reason(e));
    }
    try {
      NumericDate iat = claims.getIssuedAt();
      if (iat != null && iat.getValueInMillis() > nowMillis + CLOCK_SKEW_SECONDS * 1000L) {
        throw new InvalidTokenException("issued_in_future");
      }
    } catch (MalformedClaimException e) {
      throw new InvalidTokenException("malformed_claims");
    }
    return new VerifiedToken(kid, alg, claims);
  }

  private static String reason(InvalidJwtException e) {
    if (e.hasExpired()) {
      return "expired";
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
      return "not_yet_valid";
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return "wrong_issuer";
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
      return "bad_signature";
    }
    if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
      return "missing_exp";
    }
    if (e.hasErrorCode(ErrorCodes.JSON_INVALID) || e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
      return "malformed_claims";
    }
    return "invalid";
  }

  private Uni<KeySet> load() {
    long startedAt = generation.get();
    return pool.query(
            "SELECT kid, alg, public_key_der FROM signing_keys"
                + " WHERE state IN ('active', 'previous')")
        .execute()
        .map(
            rows -> {
              Map<String, VerificationKey> keys = new HashMap<>();
              for (Row row : rows) {
                try {
                  SigningAlgorithm alg = SigningAlgorithm.parse(row.getString("alg"));
                  keys.put(
                      row.getString("kid"),
                      new VerificationKey(
                          alg,
                          SigningKeyMaterial.publicKey(
                              alg, row.getBuffer("public_key_der").getBytes())));
                } catch (RuntimeException e) {
                  LOG.warnf(
                      "skipping unreadable key %s: %s",
                      row.getString("kid"), SafeFailures.describe(e));
                }
              }
              KeySet loaded = new KeySet(Map.copyOf(keys), System.nanoTime());
              if (generation.get() == startedAt) {
                keySet = loaded;
              }
              return loaded;
            });
  }

  private void subscribeOnce() {
    if (!subscribed) {
      synchronized (this) {
        if (!subscribed) {
          subscribed = true;
          notifications.onChange(this::invalidate);
        }
      }
    }
  }
}
