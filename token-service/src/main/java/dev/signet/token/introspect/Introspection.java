package dev.signet.token.introspect;

import dev.signet.common.auth.InvalidTokenException;
import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.audience.SingleUseTokens;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.refresh.RefreshRotation;
import dev.signet.token.refresh.RefreshToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Answers whether a token is active. A definite verdict against it is {@code active:false}:
 * expired, revoked, signed by a revoked or unknown key, malformed, or not an access token. When the
 * check cannot be made at all (database error, key set not loadable) the answer is 503
 * temporarily_unavailable, never an {@code active:false} a resource server would cache.
 */
@ApplicationScoped
public class Introspection {

  private static final Logger LOG = Logger.getLogger(Introspection.class);
  private static final Map<String, Object> INACTIVE = Map.of("active", false);

  private final TokenVerifier verifier;
  private final LocalRevocationCheck revocation;
  private final RefreshRotation refresh;
  private final Clock clock;
  private final Pool pool;
  private final SingleUseTokens singleUseTokens;

  Introspection(
      TokenVerifier verifier,
      LocalRevocationCheck revocation,
      RefreshRotation refresh,
      Clock clock,
      Pool pool,
      SingleUseTokens singleUseTokens) {
    this.pool = pool;
    this.singleUseTokens = singleUseTokens;
    this.verifier = verifier;
    this.revocation = revocation;
    this.refresh = refresh;
    this.clock = clock;
  }

  public Uni<Map<String, Object>> inspect(String token, String callerClientId) {
    return inspect(token, callerClientId, false);
  }

  /**
   * As above; with {@code consume}, a single-use audience token is used up by this call (the next
   * introspection finds it inactive). A used single-use token is inactive either way.
   */
  public Uni<Map<String, Object>> inspect(String token, String callerClientId, boolean consume) {
    Uni<Map<String, Object>> answer =
        looksLikeJwt(token)
            ? accessToken(token, consume)
            : refresh.find(pool, token).map(row -> refreshToken(row, callerClientId));
    return answer
        .onFailure(InvalidTokenException.class)
        .recoverWithItem(
            e -> {
              LOG.debugf("introspected token is inactive: %s", e.getMessage());
              return INACTIVE;
            })
        // Database down, key set not loadable: no verdict, so no "inactive" a caller would cache.
        .onFailure(e -> !(e instanceof OAuthException))
        .transform(
            e -> {
              LOG.warnf("introspection could not check a token: %s", SafeFailures.describe(e));
              return OAuthException.unavailable("The token cannot be checked now; retry shortly.");
            });
  }

  static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  /** A token of ours with the RFC 9068 type; {@code application/at+jwt} is the same type. */
  static boolean isAccessTokenType(String jwt) {
    try {
      String typ = JsonWebStructure.fromCompactSerialization(jwt).getHeader("typ");
      return typ != null
          && (typ.equalsIgnoreCase(AccessTokenIssuer.TYPE)
              || typ.equalsIgnoreCase("application/" + AccessTokenIssuer.TYPE));
    } catch (JoseException e) {
      return false;
    }
  }

  private Uni<Map<String, Object>> accessToken(String jwt, boolean consume) {
    if (!isAccessTokenType(jwt)) {
      return Uni.createFrom().item(INACTIVE);
    }
    return verifier
        .verify(jwt)
        .chain(
            verified ->
                revocation
                    .revoked(jwt, verified)
                    .chain(
                        revoked ->
                            revoked
                                ? Uni.createFrom().item(INACTIVE)
                                : singleUse(verified, describe(verified), consume)));
  }

  private Uni<Map<String, Object>> singleUse(
      VerifiedToken token, Map<String, Object> body, boolean consume) {
    if (body == INACTIVE
        || !Boolean.TRUE.equals(token.claims().getClaimValue(SingleUseTokens.CLAIM))) {
      return Uni.createFrom().item(body);
    }
    String jti = token.jti();
    Object exp = body.get("exp");
    if (jti == null || !(exp instanceof Long expiresAt)) {
      return Uni.createFrom().item(INACTIVE);
    }
    return consume
        ? singleUseTokens.consume(jti, expiresAt).map(first -> first ? body : INACTIVE)
        : singleUseTokens.used(jti).map(used -> used ? INACTIVE : body);
  }

  private static Map<String, Object> describe(VerifiedToken token) {
    try {
      var claims = token.claims();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("active", true);
      body.put("scope", claims.getClaimValueAsString("scope"));
      body.put("client_id", claims.getClaimValueAsString("client_id"));
      body.put("sub", claims.getSubject());
      var aud = claims.getAudience();
      body.put("aud", aud.size() == 1 ? aud.get(0) : aud);
      body.put("iss", claims.getIssuer());
      body.put("exp", claims.getExpirationTime().getValue());
      body.put("iat", claims.getIssuedAt().getValue());
      if (claims.getNotBefore() != null) {
        body.put("nbf", claims.getNotBefore().getValue());
      }
      body.put("jti", claims.getJwtId());
      body.put("token_type", "Bearer");
      // Delegated tokens: the actor chain (RFC 8693 section 4.1), their grant and task lineage.
      for (String name :
          List.of(
              SignetClaims.ACT,
              SignetClaims.DELEGATION_GRANT,
              SignetClaims.TASK_ID,
              SignetClaims.PARENT_TASK_ID)) {
        Object value = claims.getClaimValue(name);
        if (value != null) {
          body.put(name, value);
        }
      }
      return body;
    } catch (MalformedClaimException | NullPointerException e) {
      return INACTIVE;
    }
  }

  private Map<String, Object> refreshToken(RefreshToken row, String callerClientId) {
    Instant now = Instant.now(clock);
    if (row == null
        || !RefreshToken.ACTIVE.equals(row.status)
        || !row.expiresAt.isAfter(now)
        || !row.clientId.equals(callerClientId)) {
      return INACTIVE;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("active", true);
    body.put("scope", row.scope);
    body.put("client_id", row.clientId);
    body.put("sub", row.subject);
    body.put("exp", row.expiresAt.getEpochSecond());
    body.put("iat", row.issuedAt.getEpochSecond());
    body.put("token_type", "refresh_token");
    return body;
  }
}
