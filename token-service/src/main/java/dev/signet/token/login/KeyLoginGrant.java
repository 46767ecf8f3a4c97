package dev.signet.token.login;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.input.CleanText;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.token.client.AssertionJtis;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserScopes;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Key login: {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} (RFC 7523 section 2.1)
 * with an assertion a person signed with a key they enrolled through admin-api. The header's {@code
 * kid} is the key's id in {@code user_keys}: its RFC 7638 SHA-256 JWK thumbprint, base64url. iss =
 * sub = the user id, aud = our issuer, exp at most 5 minutes ahead, jti once (shared by replicas
 * through the private_key_jwt replay store). Every refusal is {@code invalid_grant} without saying
 * which check failed; the reason goes to the audit trail and the metrics.
 */
@ApplicationScoped
public class KeyLoginGrant {

  public static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Logger LOG = Logger.getLogger(KeyLoginGrant.class);
  private static final int MAX_ASSERTION_CHARS = 8192;

  /** A refusal with its reason for the trail; the client only learns invalid_grant. */
  private static final class Refusal extends RuntimeException {
    final String reason;
    final String userId;
    final String kid;

    Refusal(String reason, String userId, String kid) {
      super(reason, null, false, false);
      this.reason = reason;
      this.userId = userId;
      this.kid = kid;
    }
  }

  private final UserDirectory users;
  private final UserScopes userScopes;
  private final UserTokens tokens;
  private final AssertionJtis jtis;
  private final TokenPolicyService policies;
  private final AccessTokenIssuer issuer;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final TokenConfig config;
  private final Clock clock;
  private final String issuerUrl;

  KeyLoginGrant(
      UserDirectory users,
      UserScopes userScopes,
      UserTokens tokens,
      AssertionJtis jtis,
      TokenPolicyService policies,
      AccessTokenIssuer issuer,
      AuditRecorder audit,
      TokenMetrics metrics,
      Pool pool,
      TokenConfig config,
      Clock clock,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuerUrl) {
    this.users = users;
    this.userScopes = userScopes;
    this.tokens = tokens;
    this.jtis = jtis;
    this.policies = policies;
    this.issuer = issuer;
    this.audit = audit;
    this.metrics = metrics;
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.issuerUrl = issuerUrl;
  }

  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    if (!client.account().isPublic()) {
      throw OAuthException.of(
          OAuthError.UNAUTHORIZED_CLIENT, "Key login is for the public CLI client only.");
    }
    String assertion = request.required("assertion");
    Unverified claimed;
    try {
      claimed = unverified(assertion);
    } catch (Refusal r) {
      return refuse(r, client, request);
    }
    return Uni.combine()
        .all()
        .unis(users.find(claimed.userId()), policies.current())
        .asTuple()
        .chain(
            pair -> {
              TokenPolicyView policy = pair.getItem2();
              UserDirectory.User user =
                  check(pair.getItem1(), claimed, assertion, policy.clockSkewSeconds());
              Set<String> scopes =
                  UserTokens.narrow(userScopes.of(user.roles()), request.param("scope"));
              return jtis.firstUse(
                      "user:" + user.id(),
                      claimed.jti(),
                      claimed.expiresAt().plusSeconds(policy.clockSkewSeconds()))
                  .invoke(
                      first -> {
                        if (!first) {
                          throw new Refusal(
                              "assertion_replay", user.id().toString(), claimed.kid());
                        }
                      })
                  .call(issuer::ready)
                  .chain(
                      () ->
                          pool.withTransaction(
                              tx ->
                                  tokens
                                      .issue(
                                          tx,
                                          client.clientId(),
                                          user,
                                          claimed.kid(),
                                          scopes,
                                          policy,
                                          GRANT,
                                          request)
                                      .call(
                                          () ->
                                              audit.record(
                                                  tx,
                                                  AuditEvent.builder("user.login")
                                                      .actor(user.id().toString())
                                                      .subject(user.id().toString())
                                                      .target("key/" + claimed.kid())
                                                      .attribute("method", "key")
                                                      .attribute("client_id", client.clientId())
                                                      .attribute("ip", request.ip())))));
            })
        .invoke(
            () -> {
              metrics.userLogin("key", "success");
              metrics.issued(GRANT, client.clientId());
            })
        .onFailure(Refusal.class)
        .recoverWithUni(e -> refuse((Refusal) e, client, request));
  }

  /**
   * What the assertion says before anything is believed: whose, which key, which jti, until when.
   */
  private record Unverified(String userId, String kid, String jti, Instant expiresAt) {}

  private static Unverified unverified(String assertion) {
    if (assertion.length() > MAX_ASSERTION_CHARS) {
      throw new Refusal("malformed_assertion", null, null);
    }
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(assertion);
      String kid = jws.getKeyIdHeaderValue();
      if (kid == null || kid.isBlank() || kid.length() > 128 || CleanText.hasControl(kid)) {
        throw new Refusal("missing_kid", null, null);
      }
      JwtClaims claims =
          new JwtConsumerBuilder()
              .setSkipAllValidators()
              .setDisableRequireSignature()
              .setSkipSignatureVerification()
              .build()
              .processToClaims(assertion);
      String sub = claims.getSubject();
      if (UserDirectory.parseId(sub) == null) {
        throw new Refusal("not_a_user", null, CleanText.forRecord(kid));
      }
      String jti = claims.getJwtId();
      NumericDate exp = claims.getExpirationTime();
      if (jti == null || jti.isBlank() || jti.length() > 255 || CleanText.hasControl(jti)) {
        throw new Refusal("bad_jti", sub, kid);
      }
      if (exp == null || exp.getValue() < 0 || exp.getValue() > 253_402_300_799L) {
        throw new Refusal("bad_exp", sub, kid);
      }
      return new Unverified(sub, kid, jti, Instant.ofEpochSecond(exp.getValue()));
    } catch (JoseException | InvalidJwtException | MalformedClaimException | RuntimeException e) {
      if (e instanceof Refusal r) {
        throw r;
      }
      throw new Refusal("malformed_assertion", null, null);
    }
  }

  /** The key's own algorithm only: RSA keys sign RS256 or PS256, the others their one. */
  private static AlgorithmConstraints pinned(String alg) {
    return switch (alg) {
      case "EdDSA" ->
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA);
      case "ES256" ->
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT,
              AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
      case "RS256" ->
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT,
              AlgorithmIdentifiers.RSA_USING_SHA256,
              AlgorithmIdentifiers.RSA_PSS_USING_SHA256);
      default -> throw new Refusal("unknown_key_alg", null, null);
    };
  }

  private UserDirectory.User check(
      Optional<UserDirectory.User> found, Unverified claimed, String assertion, int skewSeconds) {
    String who = claimed.userId();
    String kid = claimed.kid();
    if (found.isEmpty()) {
      throw new Refusal("unknown_user", who, kid);
    }
    UserDirectory.User user = found.get();
    UserDirectory.UserKey key = user.keys().get(kid);
    if (key == null) {
      throw new Refusal("unknown_kid", who, kid);
    }
    if (key.revoked()) {
      throw new Refusal("key_revoked", who, kid);
    }
    if (!user.active()) {
      throw new Refusal("user_" + user.status(), who, kid);
    }
    Instant now = Instant.now(clock);
    try {
      PublicJsonWebKey jwk = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(key.publicJwk());
      JwtClaims claims =
          new JwtConsumerBuilder()
              .setRequireExpirationTime()
              .setRequireJwtId()
              .setAllowedClockSkewInSeconds(skewSeconds)
              .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
              .setExpectedIssuer(who)
              .setExpectedSubject(who)
              .setExpectedAudience(issuerUrl, issuerUrl + "/oauth2/token")
              .setJwsAlgorithmConstraints(pinned(key.alg()))
              .setVerificationKey(jwk.getPublicKey())
              .build()
              .processToClaims(assertion);
      long exp = claims.getExpirationTime().getValueInMillis();
      if (exp - now.toEpochMilli() > config.clientAssertionMaxLifetime().toMillis()) {
        throw new Refusal("assertion_lifetime", who, kid);
      }
      if (claims.getIssuedAt() != null
          && claims.getIssuedAt().getValueInMillis() > now.toEpochMilli() + skewSeconds * 1000L) {
        throw new Refusal("assertion_future_iat", who, kid);
      }
    } catch (JoseException | InvalidJwtException | MalformedClaimException | RuntimeException e) {
      if (e instanceof Refusal r) {
        throw r;
      }
      LOG.debugf(
          "key login assertion refused: %s",
          e instanceof InvalidJwtException j
              ? j.getErrorDetails().stream().map(d -> d.getErrorCode()).toList()
              : e.getClass().getSimpleName());
      throw new Refusal("bad_assertion", who, kid);
    }
    return user;
  }

  private Uni<TokenResponse> refuse(Refusal r, AuthenticatedClient client, OAuthRequest request) {
    metrics.userLogin("key", r.reason);
    return audit
        .recordAlone(
            AuditEvent.builder("user.login")
                .actor(r.userId)
                .subject(r.userId)
                .target(r.kid == null ? null : "key/" + CleanText.forRecord(r.kid))
                .outcome(AuditOutcome.FAILURE)
                .attribute("method", "key")
                .attribute("reason", r.reason)
                .attribute("client_id", client.clientId())
                .attribute("ip", request.ip()))
        .plug(LoggedAndDropped.warn(LOG, "auditing a refused key login"))
        .chain(
            () ->
                Uni.createFrom()
                    .failure(OAuthException.invalidGrant("The assertion is not accepted.")));
  }
}
