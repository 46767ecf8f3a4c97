package dev.signet.token.exchange;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.audience.AudienceRegistry;
import dev.signet.token.audience.AudienceRequest;
import dev.signet.token.audience.RegisteredAudience;
import dev.signet.token.audience.SingleUseTokens;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.delegation.DelegatedExchange;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.Scopes;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693) with one of our own
 * access tokens as the subject: the client that holds it trades it for a narrower one. Scopes and
 * audiences only narrow, and the new token never outlives the subject token.
 *
 * <p>Federated subject tokens ({@code ...:token-type:jwt} from an external issuer) go to {@link
 * FederatedExchange}; their client may be anonymous, the external token being the credential. A
 * request with an {@code actor_token} is a delegation ({@link DelegatedExchange}).
 */
@ApplicationScoped
public class TokenExchangeGrant {

  public static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  public static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

  private static final Logger LOG = Logger.getLogger(TokenExchangeGrant.class);

  private final PresentedTokens presented;
  private final AccessTokenIssuer issuer;
  private final TokenPolicyService policies;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Clock clock;
  private final FederatedExchange federated;
  private final AudienceRegistry registry;
  private final DelegatedExchange delegated;

  TokenExchangeGrant(
      PresentedTokens presented,
      AccessTokenIssuer issuer,
      TokenPolicyService policies,
      AuditRecorder audit,
      TokenMetrics metrics,
      Clock clock,
      FederatedExchange federated,
      AudienceRegistry registry,
      DelegatedExchange delegated) {
    this.presented = presented;
    this.issuer = issuer;
    this.policies = policies;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.federated = federated;
    this.registry = registry;
    this.delegated = delegated;
  }

  /**
   * Whether the request is a federated exchange that presents no client credential at all: the
   * external token is then the only credential (issue 14, point 1). A request that names a client
   * authenticates it as usual.
   */
  public static boolean anonymousFederated(OAuthRequest request) {
    return JWT_TYPE.equals(request.param("subject_token_type").orElse(null))
        && request.authorization() == null
        && request.param("client_id").isEmpty()
        && request.param("client_secret").isEmpty()
        && request.param("client_assertion").isEmpty();
  }

  /** A federated exchange without client authentication. */
  public Uni<TokenResponse> grantAnonymous(OAuthRequest request) {
    String subjectToken = request.required("subject_token");
    checkCommon(request);
    if (request.param("actor_token").isPresent()) {
      throw OAuthException.invalidRequest(
          "actor_token: a delegated exchange needs the actor's client credentials.");
    }
    return federated.grant(Optional.empty(), request, subjectToken);
  }

  private static void checkCommon(OAuthRequest request) {
    Optional<String> requestedType = request.param("requested_token_type");
    if (requestedType.isPresent() && !ACCESS_TOKEN_TYPE.equals(requestedType.get())) {
      throw OAuthException.invalidRequest(
          "requested_token_type: only '" + ACCESS_TOKEN_TYPE + "' is issued.");
    }
  }

  /** Exchanges the request's subject token for a new access token for {@code client}. */
  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    String subjectToken = request.required("subject_token");
    String subjectType = request.required("subject_token_type");
    checkCommon(request);
    if (request.param("actor_token").isPresent()) {
      return delegated.grant(client, request);
    }
    if (request.param("actor_token_type").isPresent()) {
      throw OAuthException.invalidRequest("actor_token_type without actor_token.");
    }
    if (JWT_TYPE.equals(subjectType)) {
      return federated.grant(Optional.of(client), request, subjectToken);
    }
    if (!ACCESS_TOKEN_TYPE.equals(subjectType)) {
      throw OAuthException.invalidRequest(
          "subject_token_type: only '"
              + ACCESS_TOKEN_TYPE
              + "' or '"
              + JWT_TYPE
              + "' is accepted.");
    }
    return presented
        .checked(subjectToken, "subject")
        .chain(verified -> exchange(client, request, verified));
  }

  private Uni<TokenResponse> exchange(
      AuthenticatedClient client, OAuthRequest request, VerifiedToken subject) {
    Subject held = Subject.of(subject.claims());
    if (!client.clientId().equals(held.clientId())) {
      // Another client's token is not this client's to trade (RFC 8693 section 2.2.2).
      throw OAuthException.invalidGrant("The subject token was not issued to this client.");
    }
    Set<String> requested = request.requestedAudiences();
    if (requested.size() != 1) {
      return narrowed(client, request, held);
    }
    return registry
        .lookup(requested.iterator().next())
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("token exchange could not read audiences: %s", SafeFailures.describe(e));
              return OAuthException.unavailable("The token cannot be checked now; retry shortly.");
            })
        .chain(
            found ->
                found.isPresent()
                    ? audienceScoped(client, request, held, found.get())
                    : narrowed(client, request, held));
  }

  /**
   * A short token bound to one registered audience (issue 14, point 5): scopes a subset of the
   * subject's, the requested {@code expires_in} clamped to 30 s and the audience's maximum (600 s
   * at most), never past the subject's exp; marked single-use when the audience is.
   */
  private Uni<TokenResponse> audienceScoped(
      AuthenticatedClient client, OAuthRequest request, Subject held, RegisteredAudience audience) {
    Set<String> scopes = Scopes.select(request.param("scope"), held.scopes());
    long remaining = held.expiresAt() - Instant.now(clock).getEpochSecond();
    if (remaining <= 0) {
      throw OAuthException.invalidGrant("The subject token is not valid.");
    }
    long wanted = requestedTtl(request).orElse((long) audience.maxTtlSeconds());
    long granted =
        Math.min(
            Math.min(Math.max(wanted, AudienceRequest.MIN_TTL), audience.maxTtlSeconds()),
            remaining);
    Map<String, Object> extra = new LinkedHashMap<>(held.provenance());
    if (audience.singleUse()) {
      extra.put(SingleUseTokens.CLAIM, true);
    }
    String scope = String.join(" ", scopes);
    List<String> audiences = List.of(audience.audience());
    return issuer
        .ready()
        .chain(
            () ->
                issuer.issue(
                    client.clientId(),
                    held.subject(),
                    scopes,
                    audiences,
                    granted,
                    null,
                    held.principalType(),
                    extra))
        .chain(
            token ->
                audit
                    .recordAlone(
                        issuedEvent(client, request, held, token, scope, audiences)
                            .attribute("audience_scoped", true)
                            .attribute("single_use", audience.singleUse()))
                    .replaceWith(TokenResponse.exchanged(token, scope)))
        .invoke(() -> metrics.issued(GRANT, client.clientId()));
  }

  /** The {@code expires_in} a client asked for, in seconds. */
  private static Optional<Long> requestedTtl(OAuthRequest request) {
    Optional<String> value = request.param("expires_in");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    if (v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw OAuthException.invalidRequest("expires_in must be a number of seconds.");
    }
    return Optional.of(Long.parseLong(v));
  }

  private static AuditEvent.Builder issuedEvent(
      AuthenticatedClient client,
      OAuthRequest request,
      Subject held,
      AccessTokenIssuer.IssuedAccessToken token,
      String scope,
      List<String> audiences) {
    return AuditEvent.builder("token.issued")
        .actor(client.clientId())
        .subject(held.subject())
        .target("jti/" + token.jti())
        .attribute("grant", GRANT)
        .attribute("subject_jti", held.jti())
        .attribute("expires_at", token.expiresAt().toString())
        .attribute("scope", scope)
        .attribute("aud", String.join(" ", audiences))
        .attribute("auth_method", client.method())
        .attribute("ip", request.ip());
  }

  /** Scopes and audiences narrowed from the subject's. */
  private Uni<TokenResponse> narrowed(
      AuthenticatedClient client, OAuthRequest request, Subject held) {
    Set<String> scopes = Scopes.select(request.param("scope"), held.scopes());
    List<String> audiences = audiences(request, held.audiences());
    long remaining = held.expiresAt() - Instant.now(clock).getEpochSecond();
    if (remaining <= 0) {
      throw OAuthException.invalidGrant("The subject token is not valid.");
    }
    String scope = String.join(" ", scopes);
    return policies
        .current()
        .call(issuer::ready)
        .chain(
            policy ->
                issuer.issue(
                    client.clientId(),
                    held.subject(),
                    scopes,
                    audiences,
                    Math.min(policy.accessTokenTtlSeconds(), remaining),
                    null,
                    held.principalType(),
                    held.provenance()))
        .chain(
            token ->
                audit
                    .recordAlone(issuedEvent(client, request, held, token, scope, audiences))
                    .replaceWith(TokenResponse.exchanged(token, scope)))
        .invoke(() -> metrics.issued(GRANT, client.clientId()));
  }

  /** The requested subset of the subject token's audiences (resource and audience), else all. */
  private static List<String> audiences(OAuthRequest request, List<String> held) {
    Set<String> requested = request.requestedAudiences();
    if (requested.isEmpty()) {
      return held;
    }
    for (String audience : requested) {
      if (!held.contains(audience)) {
        throw OAuthException.of(
            OAuthError.INVALID_TARGET,
            "Audience '"
                + audience
                + "' is neither a registered audience nor in the subject token's audiences.");
      }
    }
    return new ArrayList<>(requested);
  }

  /**
   * What a token made from the subject must keep: a federated subject's {@code fed} and {@code
   * prov}, and a delegated subject's {@code act}, {@code grant_id} and task ids. Dropping the
   * latter would turn an agent's delegated token into one that no longer names its actors and
   * outlives its grant's revocation (delegation by the back door).
   */
  private static Map<String, Object> inherited(JwtClaims claims) {
    Map<String, Object> kept = new LinkedHashMap<>();
    for (String name :
        List.of(SignetClaims.FEDERATION, SignetClaims.PROVENANCE, SignetClaims.ACT)) {
      if (claims.getClaimValue(name) instanceof Map<?, ?> value) {
        kept.put(name, value);
      }
    }
    for (String name :
        List.of(SignetClaims.DELEGATION_GRANT, SignetClaims.TASK_ID, SignetClaims.PARENT_TASK_ID)) {
      if (claims.getClaimValue(name) instanceof String value) {
        kept.put(name, value);
      }
    }
    return Map.copyOf(kept);
  }

  /** The facts of a verified subject token this grant reads. */
  private record Subject(
      String subject,
      String clientId,
      String jti,
      Set<String> scopes,
      List<String> audiences,
      long expiresAt,
      String principalType,
      Map<String, Object> provenance) {

    static Subject of(JwtClaims claims) {
      try {
        String scope = claims.getClaimValueAsString(SignetClaims.SCOPE);
        return new Subject(
            claims.getSubject(),
            claims.getClaimValueAsString(SignetClaims.CLIENT_ID),
            claims.getJwtId(),
            scope == null ? Set.of() : Scopes.parse(scope),
            List.copyOf(claims.getAudience()),
            claims.getExpirationTime().getValue(),
            Optional.ofNullable(claims.getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE))
                .orElse(SignetClaims.PRINCIPAL_SERVICE_ACCOUNT),
            inherited(claims));
      } catch (MalformedClaimException | NullPointerException e) {
        throw OAuthException.invalidGrant("The subject token is not valid.");
      }
    }
  }
}
