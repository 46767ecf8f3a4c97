package dev.signet.token.client;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.http.IpRange;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.secret.SecretHasher;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.ratelimit.RateLimiter;
import dev.signet.token.usage.UsageAccumulator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Authenticates the client of an OAuth request: client_secret_basic, client_secret_post or
 * private_key_jwt (RFC 7523, each assertion usable once). Every refusal is counted, audited and
 * answered as invalid_client without saying which check failed.
 */
@ApplicationScoped
public class ClientAuthenticator {

  public static final String JWT_BEARER_ASSERTION =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);
  private static final AlgorithmConstraints ASSERTION_ALGS =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT,
          AlgorithmIdentifiers.RSA_USING_SHA256,
          AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
          AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
          AlgorithmIdentifiers.EDDSA);

  private final ServiceAccountRepository accounts;
  private final SecretHasher hasher;
  private final RateLimiter limiter;
  private final AuthFailureThrottle failures;
  private final TokenPolicyService policies;
  private final UsageAccumulator usage;
  private final TokenMetrics metrics;
  private final AuditRecorder audit;
  private final AssertionJtis jtis;
  private final TokenConfig config;
  private final Clock clock;
  private final String issuer;

  ClientAuthenticator(
      ServiceAccountRepository accounts,
      SecretHasher hasher,
      RateLimiter limiter,
      AuthFailureThrottle failures,
      TokenPolicyService policies,
      UsageAccumulator usage,
      TokenMetrics metrics,
      AuditRecorder audit,
      AssertionJtis jtis,
      TokenConfig config,
      Clock clock,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuer) {
    this.accounts = accounts;
    this.hasher = hasher;
    this.limiter = limiter;
    this.failures = failures;
    this.policies = policies;
    this.usage = usage;
    this.metrics = metrics;
    this.audit = audit;
    this.jtis = jtis;
    this.config = config;
    this.clock = clock;
    this.issuer = issuer;
  }

  /** A refusal with the reason kept for metrics and audit, never for the client. */
  private static final class Refusal extends RuntimeException {
    final String reason;
    final String clientId;

    Refusal(String reason, String clientId) {
      super(reason, null, false, false);
      this.reason = reason;
      this.clientId = clientId;
    }
  }

  private record Presented(String method, String clientId, String secret, String assertion) {}

  /** Authenticates the request's client and counts it against its rate limit. */
  public Uni<AuthenticatedClient> authenticate(OAuthRequest request) {
    return Uni.createFrom().deferred(() -> authenticateNow(request, null));
  }

  /**
   * As above; a request that names no client at all and carries no credential stands for the public
   * client {@code publicClientId} (the CLI's, for grants where the client is optional).
   */
  public Uni<AuthenticatedClient> authenticate(OAuthRequest request, String publicClientId) {
    return Uni.createFrom().deferred(() -> authenticateNow(request, publicClientId));
  }

  private Uni<AuthenticatedClient> authenticateNow(OAuthRequest request, String publicClientId) {
    Presented presented;
    try {
      presented = presented(request, publicClientId);
    } catch (Refusal r) {
      return refuse(r, "none".equals(r.clientId) ? false : isBasic(request), request);
    }
    boolean basic = "client_secret_basic".equals(presented.method());
    long wait = failures.retryAfterSeconds(presented.clientId());
    if (wait > 0) {
      // Too many failures for this client id: refused before any check, the right secret too.
      return Uni.createFrom().failure(OAuthException.rateLimited(wait));
    }
    return accounts
        .findByClientId(presented.clientId())
        .chain(found -> verify(found, presented, request))
        .invoke(
            client -> limiter.checkClient(client.clientId(), client.account().rateLimitPerMinute()))
        // Usage is counted in memory and flushed to admin-api in batches (UsageFlusher).
        .invoke(client -> usage.record(client.clientId(), request.ip()))
        .onFailure(Refusal.class)
        .recoverWithUni(e -> refuse((Refusal) e, basic, request));
  }

  private static boolean isBasic(OAuthRequest request) {
    return request.authorization() != null
        && request.authorization().regionMatches(true, 0, "Basic ", 0, 6);
  }

  private Presented presented(OAuthRequest request, String publicClientId) {
    Optional<String> formId = request.param("client_id");
    Optional<String> formSecret = request.param("client_secret");
    Optional<String> assertionType = request.param("client_assertion_type");
    Optional<String> assertion = request.param("client_assertion");
    String header = request.authorization();
    int methods =
        (isBasic(request) ? 1 : 0)
            + (formSecret.isPresent() ? 1 : 0)
            + (assertion.isPresent() ? 1 : 0);
    if (methods > 1) {
      throw OAuthException.invalidRequest("Use exactly one client authentication method.");
    }
    if (isBasic(request)) {
      String[] idSecret = decodeBasic(header.substring(6).trim());
      if (formId.isPresent() && !formId.get().equals(idSecret[0])) {
        throw OAuthException.invalidRequest("client_id does not match the Authorization header.");
      }
      return new Presented("client_secret_basic", idSecret[0], idSecret[1], null);
    }
    if (formSecret.isPresent()) {
      String id = formId.orElseThrow(() -> new Refusal("missing_client_id", null));
      return new Presented("client_secret_post", id, formSecret.get(), null);
    }
    if (assertion.isPresent()) {
      if (!JWT_BEARER_ASSERTION.equals(assertionType.orElse(null))) {
        throw OAuthException.invalidRequest(
            "client_assertion_type must be " + JWT_BEARER_ASSERTION + ".");
      }
      String iss = unverifiedIssuer(assertion.get());
      if (formId.isPresent() && !formId.get().equals(iss)) {
        throw new Refusal("assertion_client_mismatch", iss);
      }
      return new Presented("private_key_jwt", iss, null, assertion.get());
    }
    // RFC 6749 section 2.3: a public client only names itself; verify() holds it to being one.
    if (formId.isPresent()) {
      String id = formId.get();
      if (id.length() > 255 || CleanText.hasControl(id)) {
        throw new Refusal("malformed_client_id", CleanText.forRecord(id));
      }
      return new Presented(ServiceAccount.PUBLIC, id, null, null);
    }
    if (publicClientId != null) {
      return new Presented(ServiceAccount.PUBLIC, publicClientId, null, null);
    }
    throw new Refusal("missing_credentials", "none");
  }

  private static String[] decodeBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new Refusal("malformed_basic", null);
      }
      // RFC 6749 section 2.3.1: both parts are form-urlencoded before joining.
      String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      // Bounded and clean before the id reaches SQL (a NUL would fail the statement); the
      // refusal still names the id, cleaned and cut, so the audit trail shows who tried.
      try {
        CleanText.require("client_id", id, 255);
        CleanText.require("client_secret", secret, 1024);
      } catch (InvalidInputException e) {
        throw new Refusal("malformed_basic", CleanText.forRecord(id));
      }
      return new String[] {id, secret};
    } catch (IllegalArgumentException e) {
      throw new Refusal("malformed_basic", null);
    }
  }

  private static String unverifiedIssuer(String assertion) {
    try {
      JwtClaims claims =
          new JwtConsumerBuilder()
              .setSkipAllValidators()
              .setDisableRequireSignature()
              .setSkipSignatureVerification()
              .build()
              .processToClaims(assertion);
      String iss = claims.getIssuer();
      if (iss == null || iss.isBlank() || iss.length() > 255 || CleanText.hasControl(iss)) {
        throw new Refusal("malformed_assertion", null);
      }
      // Times a database or a millisecond clock cannot hold are refused before anything uses them.
      for (String name : List.of("exp", "iat", "nbf")) {
        Object value = claims.getClaimValue(name);
        if (value != null && !saneTime(value)) {
          throw new Refusal("malformed_assertion", iss);
        }
      }
      return iss;
    } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
      if (e instanceof Refusal r) {
        throw r;
      }
      throw new Refusal("malformed_assertion", null);
    }
  }

  /** Latest instant PostgreSQL's timestamptz and Java's epoch millis both hold comfortably. */
  private static final long MAX_EPOCH_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private static boolean saneTime(Object value) {
    if (!(value instanceof Number n)) {
      return false;
    }
    double seconds = n.doubleValue();
    return seconds >= 0 && seconds <= MAX_EPOCH_SECONDS;
  }

  private Uni<AuthenticatedClient> verify(
      Optional<ServiceAccount> found, Presented presented, OAuthRequest request) {
    Instant now = Instant.now(clock);
    if (found.isEmpty()) {
      if (presented.secret() != null) {
        hasher.hash(presented.secret()); // same work as a known client: no timing oracle
      }
      throw new Refusal("unknown_client", presented.clientId());
    }
    ServiceAccount account = found.get();
    String id = account.clientId();
    if (!"active".equals(account.status())) {
      throw new Refusal("disabled", id);
    }
    if (!account.active(now)) {
      throw new Refusal("expired", id);
    }
    if (!account.ipAllowList().isEmpty() && !allowed(account.ipAllowList(), request.ip())) {
      throw new Refusal("ip_not_allowed", id);
    }
    if (account.isPublic() || ServiceAccount.PUBLIC.equals(presented.method())) {
      // A public client has nothing to present; a confidential one must present its credential.
      if (!account.isPublic()) {
        throw new Refusal("missing_credentials", id);
      }
      if (!ServiceAccount.PUBLIC.equals(presented.method())) {
        throw new Refusal("wrong_method", id);
      }
      return Uni.createFrom().item(new AuthenticatedClient(account, presented.method()));
    }
    boolean keyClient = "private_key_jwt".equals(account.authMethod());
    if (presented.assertion() != null) {
      if (!keyClient) {
        throw new Refusal("wrong_method", id);
      }
      // The policy's clock_skew_seconds, read through its cache (NOTIFY-invalidated).
      return policies
          .current()
          .chain(
              policy ->
                  verifyAssertion(account, presented.assertion(), now, policy.clockSkewSeconds()))
          .replaceWith(new AuthenticatedClient(account, presented.method()));
    }
    if (keyClient) {
      throw new Refusal("wrong_method", id);
    }
    // The registered token_endpoint_auth_method is the only one accepted (RFC 7591 section 2).
    if (account.authMethod() != null && !account.authMethod().equals(presented.method())) {
      throw new Refusal("wrong_method", id);
    }
    if (!secretMatches(account, presented.secret(), now)) {
      throw new Refusal("bad_secret", id);
    }
    return Uni.createFrom().item(new AuthenticatedClient(account, presented.method()));
  }

  private boolean secretMatches(ServiceAccount account, String secret, Instant now) {
    if (account.secretHash() != null
        && account.secretHashVersion() != null
        && hasher.matches(secret, account.secretHash(), account.secretHashVersion())) {
      return true;
    }
    return account.previousSecretHash() != null
        && account.previousSecretHashVersion() != null
        && account.previousSecretExpiresAt() != null
        && account.previousSecretExpiresAt().isAfter(now)
        && hasher.matches(
            secret, account.previousSecretHash(), account.previousSecretHashVersion());
  }

  private static boolean allowed(List<String> allowList, String ip) {
    for (String entry : allowList) {
      Optional<IpRange> range = IpRange.parse(entry);
      if (range.isPresent() && range.get().contains(ip)) {
        return true;
      }
    }
    return false;
  }

  private Uni<Void> verifyAssertion(
      ServiceAccount account, String assertion, Instant now, int skewSeconds) {
    String id = account.clientId();
    if (account.jwks() == null || account.jwks().isBlank()) {
      throw new Refusal("no_client_keys", id);
    }
    JwtClaims claims;
    try {
      JsonWebKeySet keys = new JsonWebKeySet(account.jwks());
      JwtConsumer consumer =
          new JwtConsumerBuilder()
              .setRequireExpirationTime()
              .setRequireJwtId()
              .setAllowedClockSkewInSeconds(skewSeconds)
              .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
              .setExpectedIssuer(id)
              .setExpectedSubject(id)
              .setExpectedAudience(
                  issuer,
                  issuer + "/oauth2/token",
                  issuer + "/oauth2/introspect",
                  issuer + "/oauth2/revoke")
              .setJwsAlgorithmConstraints(ASSERTION_ALGS)
              .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
              .build();
      claims = consumer.processToClaims(assertion);
      long exp = claims.getExpirationTime().getValueInMillis();
      if (exp - now.toEpochMilli() > config.clientAssertionMaxLifetime().toMillis()) {
        throw new Refusal("assertion_lifetime", id);
      }
      if (claims.getIssuedAt() != null
          && claims.getIssuedAt().getValueInMillis() > now.toEpochMilli() + skewSeconds * 1000L) {
        throw new Refusal("assertion_future_iat", id);
      }
    } catch (JoseException | InvalidJwtException | MalformedClaimException | RuntimeException e) {
      if (e instanceof Refusal r) {
        throw r;
      }
      // jose4j messages quote the claims; log only the error codes.
      LOG.debugf(
          "client assertion of %s refused: %s",
          id,
          e instanceof InvalidJwtException j
              ? j.getErrorDetails().stream().map(d -> d.getErrorCode()).toList()
              : e.getClass().getSimpleName());
      throw new Refusal("bad_assertion", id);
    }
    String jti;
    try {
      jti = claims.getJwtId();
      Instant expires = Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis());
      return jtis.firstUse(id, jti, expires.plusSeconds(skewSeconds))
          .invoke(
              first -> {
                if (!first) {
                  throw new Refusal("assertion_replay", id);
                }
              })
          .replaceWithVoid();
    } catch (MalformedClaimException e) {
      throw new Refusal("bad_assertion", id);
    }
  }

  private Uni<AuthenticatedClient> refuse(Refusal refusal, boolean basic, OAuthRequest request) {
    metrics.authFailure(refusal.reason);
    String clientId = "none".equals(refusal.clientId) ? null : refusal.clientId;
    Uni<Void> incident = Uni.createFrom().voidItem();
    if (clientId != null && failures.failed(clientId)) {
      incident =
          audit
              .recordAlone(
                  AuditEvent.builder("incident.repeated_auth_failures")
                      .actor(clientId)
                      .target("client/" + clientId)
                      .outcome(AuditOutcome.DENIED)
                      .attribute("client_id", clientId)
                      .attribute("window_seconds", 60)
                      .attribute("ip", request.ip()))
              .replaceWithVoid()
              .plug(LoggedAndDropped.warn(LOG, "auditing repeated authentication failures"));
    }
    return incident
        .chain(
            () ->
                audit
                    .recordAlone(
                        AuditEvent.builder("client.authentication_failed")
                            .actor(clientId)
                            .outcome(AuditOutcome.FAILURE)
                            .attribute("reason", refusal.reason)
                            .attribute("ip", request.ip())
                            .attribute("user_agent", request.userAgent()))
                    .plug(LoggedAndDropped.warn(LOG, "auditing a failed client authentication")))
        .chain(
            () ->
                Uni.createFrom()
                    .failure(OAuthException.invalidClient("Client authentication failed.", basic)));
  }
}
