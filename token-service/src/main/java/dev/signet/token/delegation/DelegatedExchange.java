package dev.signet.token.delegation;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.delegation.DelegationCheckRequest;
import dev.signet.common.delegation.DelegationCheckResponse;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.internal.InternalTokenSource;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.exchange.PresentedTokens;
import dev.signet.token.exchange.TokenExchangeGrant;
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
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * RFC 8693 token exchange with an {@code actor_token} (issue 15, item 6): the authenticated client,
 * holding the actor token, trades the principal's subject token for a token whose {@code sub} is
 * the principal and whose {@code act} nests the actor chain, newest actor outside. The hop is
 * allowed by a delegation grant ({@code grant_id} parameter, checked by delegation-service on every
 * exchange, never cached) or by the subject token's {@code may_act}. Scopes, audiences and lifetime
 * only narrow: within the grant's answer and the subject token's. When delegation-service cannot
 * answer, nothing is issued (503).
 */
@ApplicationScoped
public class DelegatedExchange {

  private static final String GRANT = TokenExchangeGrant.GRANT;
  private static final String ACCESS_TOKEN_TYPE = TokenExchangeGrant.ACCESS_TOKEN_TYPE;

  /** A caller's task id: short and plain, so it may appear in events and claims as it is. */
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final Logger LOG = Logger.getLogger(DelegatedExchange.class);

  private final PresentedTokens presented;
  private final AccessTokenIssuer issuer;
  private final TokenPolicyService policies;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Clock clock;
  private final DelegationCheckClient delegation;
  private final InternalTokenSource internalTokens;
  private final String issuerUrl;

  DelegatedExchange(
      PresentedTokens presented,
      AccessTokenIssuer issuer,
      TokenPolicyService policies,
      AuditRecorder audit,
      TokenMetrics metrics,
      Clock clock,
      @RestClient DelegationCheckClient delegation,
      InternalTokenSource internalTokens,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuerUrl) {
    this.presented = presented;
    this.issuer = issuer;
    this.policies = policies;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.delegation = delegation;
    this.internalTokens = internalTokens;
    this.issuerUrl = issuerUrl;
  }

  /** The facts of the subject token a hop reads. */
  record Principal(
      String subject,
      String jti,
      Set<String> scopes,
      List<String> audiences,
      long expiresAt,
      String principalType,
      ActChain chain,
      String taskId,
      Map<?, ?> mayAct,
      Map<String, Object> provenance) {}

  /** What one hop is about, for its audit event either way. */
  private static final class Hop {
    String actor;
    Principal principal;
    String taskId;
    UUID grantId;
  }

  /** Exchanges {@code subject_token} for a delegated token of the actor {@code actor_token}. */
  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    Hop hop = new Hop();
    return Uni.createFrom()
        .deferred(() -> exchange(client, request, hop))
        .onFailure(DelegationRefusal.Refused.class)
        .recoverWithUni(
            e -> {
              DelegationRefusal refusal = ((DelegationRefusal.Refused) e).refusal;
              metrics.delegationRefused(refusal.reason());
              return audit
                  .recordAlone(refusedEvent(client, request, hop, refusal))
                  .plug(LoggedAndDropped.warn(LOG, "auditing a refused delegation"))
                  .onItem()
                  .transformToUni(ignored -> Uni.createFrom().failure(refusal.exception()));
            });
  }

  private Uni<TokenResponse> exchange(AuthenticatedClient client, OAuthRequest request, Hop hop) {
    String subjectType = request.required("subject_token_type");
    String actorType = request.required("actor_token_type");
    if (!ACCESS_TOKEN_TYPE.equals(subjectType) || !ACCESS_TOKEN_TYPE.equals(actorType)) {
      throw OAuthException.invalidRequest(
          "subject_token_type and actor_token_type: only '"
              + ACCESS_TOKEN_TYPE
              + "' is accepted with an actor token.");
    }
    String subjectToken = request.required("subject_token");
    String actorToken = request.required("actor_token");
    hop.taskId = taskId(request);
    Optional<UUID> grantId = grantId(request);
    hop.grantId = grantId.orElse(null);
    return presented
        .checked(actorToken, "actor")
        .chain(
            actor ->
                presented
                    .checked(subjectToken, "subject")
                    .chain(subject -> hop(client, request, hop, actor, subject, grantId)));
  }

  private Uni<TokenResponse> hop(
      AuthenticatedClient client,
      OAuthRequest request,
      Hop hop,
      VerifiedToken actorToken,
      VerifiedToken subjectToken,
      Optional<UUID> grantId) {
    if (!client.clientId().equals(actorToken.clientId())) {
      throw OAuthException.invalidGrant("The actor token was not issued to this client.");
    }
    if (actorToken.claims().hasClaim(SignetClaims.ACT)) {
      throw OAuthException.invalidGrant("The actor token must be the actor's own token.");
    }
    String actor = actorToken.subject();
    hop.actor = actor;
    Principal principal = principal(subjectToken.claims());
    hop.principal = principal;
    Optional<String> repeated = principal.chain().repeated(principal.subject());
    if (repeated.isPresent() || principal.chain().wouldCycle(principal.subject(), actor)) {
      throw DelegationRefusal.grant(
              "cycle",
              "Delegation refused: actor '"
                  + repeated.orElse(actor)
                  + "' would appear twice in the chain.")
          .raise();
    }
    int depth = principal.chain().depth() + 1;
    Optional<String> askedScope = request.param("scope");
    Set<String> asked = askedScope.isPresent() ? Scopes.parse(askedScope.get()) : Set.of();
    Set<String> askedAudiences = request.requestedAudiences();
    for (String audience : askedAudiences) {
      if (!principal.audiences().contains(audience)) {
        throw new DelegationRefusal(
                "audience",
                OAuthError.INVALID_TARGET,
                "Audience '" + audience + "' is not in the subject token's audiences.")
            .raise();
      }
    }
    for (String scope : asked) {
      if (!principal.scopes().contains(scope)) {
        throw new DelegationRefusal(
                "scope",
                OAuthError.INVALID_SCOPE,
                "Scope '" + scope + "' is not in the subject token.")
            .raise();
      }
    }
    if (grantId.isEmpty()) {
      if (!mayAct(principal.mayAct(), actor)) {
        throw DelegationRefusal.grant(
                "no_grant",
                "Delegation refused: grant_id is required unless the subject token's may_act"
                    + " names the actor.")
            .raise();
      }
      if (depth > DelegationPaths.DEFAULT_MAX_DEPTH) {
        throw DelegationRefusal.grant(
                "depth",
                "Delegation refused: depth "
                    + depth
                    + " exceeds "
                    + DelegationPaths.DEFAULT_MAX_DEPTH
                    + " for may_act.")
            .raise();
      }
      Allowed allowed =
          new Allowed(
              null,
              asked.isEmpty() ? principal.scopes() : asked,
              askedAudiences.isEmpty() ? principal.audiences() : List.copyOf(askedAudiences),
              null,
              depth,
              DelegationPaths.DEFAULT_MAX_DEPTH,
              "may_act");
      return issue(client, request, hop, principal, actor, allowed);
    }
    DelegationCheckRequest question =
        new DelegationCheckRequest(
            grantId.get(),
            principal.subject(),
            actor,
            asked.isEmpty() ? null : List.copyOf(asked),
            askedAudiences.isEmpty() ? null : List.copyOf(askedAudiences),
            principal.chain().depth(),
            principal.chain().actors());
    return ask(question)
        .chain(
            answer -> {
              if (!answer.allowed()) {
                throw DelegationRefusal.fromCheck(answer.reason()).raise();
              }
              if (!grantId.get().equals(answer.grantId()) || answer.depth() != depth) {
                LOG.warnf("delegation-service answered for another hop; refusing");
                throw DelegationRefusal.grant("denied", "Delegation refused.").raise();
              }
              Allowed allowed =
                  new Allowed(
                      answer.grantId(),
                      intersect(answer.scopes(), principal.scopes()),
                      List.copyOf(intersect(answer.audiences(), principal.audiences())),
                      answer.maxExpiresAt(),
                      depth,
                      answer.maxDepth(),
                      "grant");
              return issue(client, request, hop, principal, actor, allowed);
            });
  }

  /** What the hop may carry, after the grant (or may_act) and the subject token. */
  record Allowed(
      UUID grantId,
      Set<String> scopes,
      List<String> audiences,
      Instant grantExpiresAt,
      int depth,
      int maxDepth,
      String via) {}

  private Uni<TokenResponse> issue(
      AuthenticatedClient client,
      OAuthRequest request,
      Hop hop,
      Principal principal,
      String actor,
      Allowed allowed) {
    if (allowed.scopes().isEmpty()) {
      throw new DelegationRefusal(
              "scope",
              OAuthError.INVALID_SCOPE,
              "Delegation refused: no scope is both granted and held by the subject token.")
          .raise();
    }
    if (allowed.audiences().isEmpty()) {
      throw new DelegationRefusal(
              "audience",
              OAuthError.INVALID_TARGET,
              "Delegation refused: no audience is both granted and in the subject token.")
          .raise();
    }
    long now = Instant.now(clock).getEpochSecond();
    long remaining = principal.expiresAt() - now;
    if (allowed.grantExpiresAt() != null) {
      remaining = Math.min(remaining, allowed.grantExpiresAt().getEpochSecond() - now);
    }
    if (remaining <= 0) {
      throw DelegationRefusal.grant("expired", "Delegation refused: the grant has expired.")
          .raise();
    }
    long ceiling = remaining;
    ActChain chain = principal.chain().then(actor);
    Map<String, Object> extra = new LinkedHashMap<>(principal.provenance());
    extra.put(SignetClaims.ACT, chain.claim());
    if (allowed.grantId() != null) {
      extra.put(SignetClaims.DELEGATION_GRANT, allowed.grantId().toString());
    }
    extra.put(SignetClaims.TASK_ID, hop.taskId);
    if (principal.taskId() != null) {
      extra.put(SignetClaims.PARENT_TASK_ID, principal.taskId());
    }
    String scope = String.join(" ", allowed.scopes());
    return policies
        .current()
        .call(issuer::ready)
        .chain(
            policy ->
                issuer.issue(
                    client.clientId(),
                    principal.subject(),
                    allowed.scopes(),
                    allowed.audiences(),
                    Math.min(policy.accessTokenTtlSeconds(), ceiling),
                    null,
                    principal.principalType(),
                    extra))
        .chain(
            token ->
                audit
                    .recordAlone(
                        hopEvent(client, request, hop, AuditOutcome.SUCCESS, "token.delegated")
                            .target("jti/" + token.jti())
                            .attribute("depth", allowed.depth())
                            .attribute("max_depth", allowed.maxDepth())
                            .attribute("via", allowed.via())
                            .attribute("act_chain", String.join(" ", chain.actors()))
                            .attribute("scope", scope)
                            .attribute("aud", String.join(" ", allowed.audiences()))
                            .attribute("expires_at", token.expiresAt().toString()))
                    .replaceWith(TokenResponse.exchanged(token, scope)))
        .invoke(
            () -> {
              metrics.issued(GRANT, client.clientId());
              metrics.delegatedIssued(allowed.depth(), allowed.via());
            });
  }

  /** delegation-service's answer; any failure to get one is a 503, never a token. */
  private Uni<DelegationCheckResponse> ask(DelegationCheckRequest question) {
    return delegation
        .check(question)
        .onFailure()
        .transform(
            e -> {
              if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 401) {
                internalTokens.invalidate();
              }
              LOG.warnf("delegation check failed: %s", SafeFailures.describe(e));
              return uncheckable();
            })
        .map(
            answer -> {
              if (answer == null) {
                throw uncheckable();
              }
              return answer;
            });
  }

  private static DelegationRefusal.Refused uncheckable() {
    return new DelegationRefusal(
            DelegationRefusal.UNAVAILABLE,
            OAuthError.TEMPORARILY_UNAVAILABLE,
            "The delegation cannot be checked now; retry shortly.")
        .raise();
  }

  /** RFC 8693 §4.4: may_act names the actor by {@code sub} and, when given, our {@code iss}. */
  private boolean mayAct(Map<?, ?> mayAct, String actor) {
    if (mayAct == null || !actor.equals(mayAct.get("sub"))) {
      return false;
    }
    Object iss = mayAct.get("iss");
    return iss == null || issuerUrl.equals(iss);
  }

  static Principal principal(JwtClaims claims) {
    try {
      String scope = claims.getClaimValueAsString(SignetClaims.SCOPE);
      Optional<ActChain> chain =
          claims.hasClaim(SignetClaims.ACT)
              ? ActChain.of(claims.getClaimValue(SignetClaims.ACT))
              : Optional.of(ActChain.empty());
      if (chain.isEmpty()) {
        throw OAuthException.invalidGrant("The subject token's act claim is malformed.");
      }
      Object taskId = claims.getClaimValue(SignetClaims.TASK_ID);
      Object mayAct = claims.getClaimValue(SignetClaims.MAY_ACT);
      Map<String, Object> provenance = new LinkedHashMap<>();
      for (String name : List.of(SignetClaims.FEDERATION, SignetClaims.PROVENANCE)) {
        if (claims.getClaimValue(name) instanceof Map<?, ?> value) {
          provenance.put(name, value);
        }
      }
      return new Principal(
          claims.getSubject(),
          claims.getJwtId(),
          scope == null ? Set.of() : Scopes.parse(scope),
          List.copyOf(claims.getAudience()),
          claims.getExpirationTime().getValue(),
          Optional.ofNullable(claims.getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE))
              .orElse(SignetClaims.PRINCIPAL_SERVICE_ACCOUNT),
          chain.get(),
          taskId instanceof String s ? s : null,
          mayAct instanceof Map<?, ?> m ? m : null,
          provenance);
    } catch (MalformedClaimException | NullPointerException e) {
      throw OAuthException.invalidGrant("The subject token is not valid.");
    }
  }

  /** The caller's {@code task_id}, or a new one: every hop serves a task. */
  static String taskId(OAuthRequest request) {
    Optional<String> given = request.param("task_id");
    if (given.isEmpty()) {
      return UUID.randomUUID().toString();
    }
    if (!TASK_ID.matcher(given.get()).matches()) {
      throw OAuthException.invalidRequest(
          "task_id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'.");
    }
    return given.get();
  }

  static Optional<UUID> grantId(OAuthRequest request) {
    Optional<String> given = request.param("grant_id");
    if (given.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (given.get().length() == 36) {
        return Optional.of(UUID.fromString(given.get()));
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw OAuthException.invalidRequest("grant_id must be a UUID.");
  }

  private static Set<String> intersect(List<String> allowed, Set<String> held) {
    Set<String> kept = new LinkedHashSet<>();
    if (allowed != null) {
      for (String value : allowed) {
        if (held.contains(value)) {
          kept.add(value);
        }
      }
    }
    return kept;
  }

  private static Set<String> intersect(List<String> allowed, List<String> held) {
    return intersect(allowed, new LinkedHashSet<>(held));
  }

  private static AuditEvent.Builder hopEvent(
      AuthenticatedClient client,
      OAuthRequest request,
      Hop hop,
      AuditOutcome outcome,
      String type) {
    AuditEvent.Builder event =
        AuditEvent.builder(type)
            .actor(client.clientId())
            .outcome(outcome)
            .attribute("grant", GRANT)
            .attribute("task_id", hop.taskId)
            .attribute("auth_method", client.method())
            .attribute("ip", request.ip());
    if (hop.principal != null) {
      event.subject(hop.principal.subject()).attribute("subject_jti", hop.principal.jti());
      if (hop.principal.taskId() != null) {
        event.attribute("parent_task_id", hop.principal.taskId());
      }
    }
    if (hop.actor != null) {
      event.attribute("delegate", hop.actor);
    }
    if (hop.grantId != null) {
      event.attribute("grant_id", hop.grantId.toString());
    }
    return event;
  }

  private static AuditEvent.Builder refusedEvent(
      AuthenticatedClient client, OAuthRequest request, Hop hop, DelegationRefusal refusal) {
    AuditEvent.Builder event =
        hopEvent(client, request, hop, AuditOutcome.DENIED, "token.delegation_refused")
            .attribute("reason", refusal.reason())
            .attribute("detail", refusal.description());
    if (hop.principal != null) {
      event.attribute("depth", hop.principal.chain().depth() + 1);
    }
    return event;
  }
}
