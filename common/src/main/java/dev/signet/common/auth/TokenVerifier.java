package dev.signet.common.auth;

import dev.signet.common.error.SafeFailures;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.KeysConfig;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * algorithm swap fail; the header must say {@code typ: at+jwt} (RFC 9068); exp, nbf and iat are
 * checked with the {@link ClockSkew} in force and the issuer must be {@code signet.issuer}. {@link
 * #verifyFor} also requires the audience, as every service does for the bearer tokens it accepts.
 */
@ApplicationScoped
public class TokenVerifier implements BearerTokenVerifier {

  private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

  /**
   * An unknown kid reloads the key set only when the cached set may predate the token (loaded
   * before its iat, or older than this), so junk kids cannot flood the database.
   */
  private static final long UNKNOWN_KID_RELOAD_NANOS = 2_000_000_000L;

  private record VerificationKey(SigningAlgorithm algorithm, PublicKey publicKey) {}

  private record KeySet(
      Map<String, VerificationKey> keys, long loadedAtNanos, long loadedAtMillis) {}

  private final Pool pool;
  private final KeysConfig config;
  private final KeyChangeNotifications notifications;
  private final Clock clock;
  private final ClockSkew skew;
  private final String issuer;
  private final String audience;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<CompletableFuture<KeySet>> loading = new AtomicReference<>();
  private volatile KeySet keySet;
  private volatile boolean subscribed;

  TokenVerifier(
      Pool pool,
      KeysConfig config,
      KeyChangeNotifications notifications,
      Clock clock,
      ClockSkew skew,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081") String issuer,
      @ConfigProperty(name = "signet.auth.audience") String audience) {
    this.pool = pool;
    this.config = config;
    this.notifications = notifications;
    this.clock = clock;
    this.skew = skew;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** The {@code iss} every accepted token must carry. */
  public String issuer() {
    return issuer;
  }

  /** This service's own audience ({@code signet.auth.audience}). */
  public String audience() {
    return audience;
  }

  /**
   * Verifies a token presented to this service: {@link #verify} plus this service's own audience in
   * {@code aud}.
   */
  public Uni<VerifiedToken> verifyFor(String jwt) {
    return verify(jwt)
        .invoke(
            token -> {
              try {
                List<String> aud = token.claims().getAudience();
                if (aud == null || !aud.contains(audience)) {
                  throw new InvalidTokenException("wrong_audience");
                }
              } catch (MalformedClaimException e) {
                throw new InvalidTokenException("malformed_claims");
              }
            });
  }

  /**
   * Verifies the compact JWS of an access token for any audience (introspection, revocation); fails
   * with {@link InvalidTokenException} when it is not good, and with another failure when the keys
   * cannot be read (the caller answers 503, not "invalid").
   */
  @Override
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
    if (kid == null || kid.isBlank() || kid.length() > 200) {
      return Uni.createFrom().failure(new InvalidTokenException("missing_kid"));
    }
    if (!isAccessTokenType(jws.getHeader("typ"))) {
      return Uni.createFrom().failure(new InvalidTokenException("wrong_type"));
    }
    KeySet current = keySet;
    long now = System.nanoTime();
    boolean fresh = current != null && now - current.loadedAtNanos() < config.cacheTtl().toNanos();
    if (fresh && current.keys().containsKey(kid)) {
      return Uni.createFrom().item(() -> check(jwt, kid, alg, current));
    }
    if (fresh
        && now - current.loadedAtNanos() < UNKNOWN_KID_RELOAD_NANOS
        && loadedAfterIssue(current, jws)) {
      // The set was read after this token was issued: a key that signed it would be in it.
      return Uni.createFrom().failure(new InvalidTokenException("unknown_kid"));
    }
    return reload().map(loaded -> check(jwt, kid, alg, loaded));
  }

  /** RFC 9068 section 4: {@code at+jwt}, or the same as a full media type. */
  public static boolean isAccessTokenType(String typ) {
    return typ != null
        && (typ.equalsIgnoreCase(ACCESS_TOKEN_TYPE)
            || typ.equalsIgnoreCase("application/" + ACCESS_TOKEN_TYPE));
  }

  /** The {@code typ} header of Signet's access tokens. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  /** Forgets the cached key set; the next verification reloads it. */
  public void invalidate() {
    generation.incrementAndGet();
    keySet = null;
  }

  /** The compact JWS of a bearer token, bounded; {@link InvalidTokenException} otherwise. */
  static JsonWebSignature parse(String jwt) {
    if (jwt == null || jwt.isBlank()) {
      throw new InvalidTokenException("missing");
    }
    if (jwt.length() > MAX_TOKEN_CHARS) {
      throw new InvalidTokenException("too_long");
    }
    try {
      JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(jwt.trim());
      if (structure instanceof JsonWebSignature jws) {
        return jws;
      }
      throw new InvalidTokenException("not_a_jws");
    } catch (JoseException | RuntimeException e) {
      if (e instanceof InvalidTokenException invalid) {
        throw invalid;
      }
      throw new InvalidTokenException("malformed");
    }
  }

  /** Far more than any Signet token (a few hundred bytes to a few KiB). */
  private static final int MAX_TOKEN_CHARS = 16_384;

  /**
   * Whether the key set was loaded at least a second after the token's {@code iat} (unverified; a
   * forged iat only costs its sender a reload, never a wrong verdict).
   */
  private static boolean loadedAfterIssue(KeySet set, JsonWebSignature jws) {
    try {
      JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
      NumericDate iat = claims.getIssuedAt();
      return iat != null && set.loadedAtMillis() >= iat.getValueInMillis() + 1000;
    } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
      return true;
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
    long skewSeconds = Math.max(0, skew.current().toSeconds());
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKey(key.publicKey())
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, key.algorithm().jwsName())
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
      throw new InvalidTokenException(reason(e));
    } catch (RuntimeException e) {
      // Absurd numbers in exp/nbf (overflowing milliseconds) and the like: the token's fault.
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

  /** The short reason code of a jose4j refusal. */
  static String reason(InvalidJwtException e) {
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

  /**
   * Loads the key set once for every caller that needs it now: concurrent reloads (a burst of
   * tokens with a new kid) share one query. Each caller is answered on its own context.
   */
  private Uni<KeySet> reload() {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              Context context = Vertx.currentContext();
              CompletableFuture<KeySet> mine = new CompletableFuture<>();
              CompletableFuture<KeySet> shared = loading.compareAndExchange(null, mine);
              if (shared == null) {
                shared = mine;
                load()
                    .subscribe()
                    .with(
                        loaded -> {
                          loading.compareAndSet(mine, null);
                          mine.complete(loaded);
                        },
                        failure -> {
                          loading.compareAndSet(mine, null);
                          mine.completeExceptionally(failure);
                        });
              }
              shared.whenComplete(
                  (loaded, failure) -> {
                    Runnable answer =
                        failure == null
                            ? () -> emitter.complete(loaded)
                            : () -> emitter.fail(failure);
                    if (context == null || context == Vertx.currentContext()) {
                      answer.run();
                    } else {
                      context.runOnContext(v -> answer.run());
                    }
                  });
            });
  }

  private Uni<KeySet> load() {
    long startedAt = generation.get();
    // Wall time, not the injected clock: it is compared with the iat another process wrote, and a
    // clock set ahead (tests) must only cost a reload, never make an unknown kid look definitive.
    long startedAtMillis = System.currentTimeMillis();
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
              KeySet loaded = new KeySet(Map.copyOf(keys), System.nanoTime(), startedAtMillis);
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
