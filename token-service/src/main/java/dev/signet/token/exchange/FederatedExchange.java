package dev.signet.token.exchange;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.input.CleanText;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.federation.ExternalTokenCheck;
import dev.signet.token.federation.ExternalTokenVerifier;
import dev.signet.token.federation.FederationRule;
import dev.signet.token.federation.RuleMatcher;
import dev.signet.token.federation.RuleOutcome;
import dev.signet.token.federation.StoredTrust;
import dev.signet.token.federation.TrustKind;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.Scopes;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Token exchange with an external OIDC token as the subject ({@code subject_token_type=...:jwt}): a
 * GitHub Actions job or a Kubernetes pod trades its platform token for a Signet token. The token is
 * checked ({@link ExternalTokenVerifier}), matched against its trust's rules in order, used at most
 * once ({@link ExchangeReplay}), and answered with a token for the rule's principal that carries
 * {@code fed} and {@code prov}, has no refresh token, and expires no later than the external token.
 * Every refusal is invalid_grant naming the check, audited ({@code token.exchange_refused}, with
 * the check and issuer, never the token) and counted.
 */
@ApplicationScoped
public class FederatedExchange {

  private static final Logger LOG = Logger.getLogger(FederatedExchange.class);

  /** GitHub Actions claims carried into {@code prov}, when the token has them. */
  private static final List<String> GITHUB_PROVENANCE =
      List.of(
          "repository",
          "repository_id",
          "repository_owner",
          "repository_owner_id",
          "run_id",
          "run_attempt",
          "workflow_ref",
          "job_workflow_ref",
          "sha",
          "ref",
          "ref_type",
          "environment",
          "event_name",
          "actor");

  /** Kubernetes claims (paths into {@code kubernetes.io}) and their names in {@code prov}. */
  private static final Map<String, String> KUBERNETES_PROVENANCE =
      Map.of(
          "kubernetes.io/namespace", "namespace",
          "kubernetes.io/serviceaccount/name", "service_account",
          "kubernetes.io/serviceaccount/uid", "service_account_uid",
          "kubernetes.io/pod/name", "pod",
          "kubernetes.io/pod/uid", "pod_uid");

  private final ExternalTokenVerifier verifier;
  private final ExchangeReplay replay;
  private final AccessTokenIssuer issuer;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Clock clock;
  private final String defaultAudience;

  FederatedExchange(
      ExternalTokenVerifier verifier,
      ExchangeReplay replay,
      AccessTokenIssuer issuer,
      AuditRecorder audit,
      TokenMetrics metrics,
      Clock clock,
      TokenConfig config,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuerUrl) {
    this.verifier = verifier;
    this.replay = replay;
    this.issuer = issuer;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.defaultAudience = config.defaultAudience().orElse(issuerUrl);
  }

  /** A refusal on its way out: audited and counted once, then answered as {@code error}. */
  private record Refusal(String check, String description, String issuer, StoredTrust trust) {}

  /** Exchanges {@code subjectToken}; {@code client} is empty for an anonymous exchange. */
  public Uni<TokenResponse> grant(
      Optional<AuthenticatedClient> client, OAuthRequest request, String subjectToken) {
    return verifier
        .verify(subjectToken)
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("federated exchange could not check a token: %s", SafeFailures.describe(e));
              return OAuthException.unavailable("The token cannot be checked now; retry shortly.");
            })
        .chain(check -> decide(check, client, request, subjectToken));
  }

  private Uni<TokenResponse> decide(
      ExternalTokenCheck check,
      Optional<AuthenticatedClient> client,
      OAuthRequest request,
      String subjectToken) {
    if (check instanceof ExternalTokenCheck.Refused r) {
      return refuse(
          client,
          request,
          new Refusal(r.check(), r.description(), r.issuer(), r.trust()),
          null,
          null,
          OAuthError.INVALID_GRANT);
    }
    if (check instanceof ExternalTokenCheck.Unavailable u) {
      LOG.warnf("federation: keys of an issuer unavailable: %s", u.reason());
      return refuse(
          client,
          request,
          new Refusal(
              "jwks_unavailable",
              "The issuer's keys cannot be fetched now; retry shortly.",
              u.issuer(),
              u.trust()),
          null,
          null,
          OAuthError.TEMPORARILY_UNAVAILABLE);
    }
    ExternalTokenCheck.Verified verified = (ExternalTokenCheck.Verified) check;
    StoredTrust trust = verified.trust();
    Map<String, Object> claims = verified.claims().getClaimsMap();
    List<String> failures = new ArrayList<>();
    FederationRule matched = null;
    for (FederationRule rule : trust.definition().rules()) {
      RuleOutcome outcome = RuleMatcher.match(trust.definition().kind(), rule, claims);
      if (outcome instanceof RuleOutcome.Matched) {
        matched = rule;
        break;
      }
      failures.add(rule.name() + ": " + ((RuleOutcome.Mismatch) outcome).check());
    }
    if (matched == null) {
      return refuse(
          client,
          request,
          new Refusal(
              "rule",
              "No rule of the trust matches the subject token ("
                  + String.join("; ", failures)
                  + ").",
              verified.issuer(),
              trust),
          null,
          String.join("; ", failures),
          OAuthError.INVALID_GRANT);
    }
    return issue(client, request, verified, matched, subjectToken);
  }

  private Uni<TokenResponse> issue(
      Optional<AuthenticatedClient> client,
      OAuthRequest request,
      ExternalTokenCheck.Verified verified,
      FederationRule rule,
      String subjectToken) {
    StoredTrust trust = verified.trust();
    Set<String> scopes;
    List<String> audiences;
    try {
      scopes = Scopes.select(request.param("scope"), rule.scopes());
      audiences = audiences(request, rule);
    } catch (OAuthException e) {
      return refuse(
          client,
          request,
          new Refusal(
              e.error() == OAuthError.INVALID_SCOPE ? "scope" : "audience",
              e.getMessage(),
              verified.issuer(),
              trust),
          rule.name(),
          null,
          e.error());
    }
    long exp;
    String jti;
    try {
      exp = verified.claims().getExpirationTime().getValue();
      jti = verified.claims().getJwtId();
    } catch (MalformedClaimException e) {
      return refuse(
          client,
          request,
          new Refusal("format", "The subject token's jti is not text.", verified.issuer(), trust),
          rule.name(),
          null,
          OAuthError.INVALID_GRANT);
    }
    long now = Instant.now(clock).getEpochSecond();
    long ttl = Math.min(rule.maxTtlSeconds(), exp - now);
    if (ttl <= 0) {
      return refuse(
          client,
          request,
          new Refusal("exp", "The subject token has expired.", verified.issuer(), trust),
          rule.name(),
          null,
          OAuthError.INVALID_GRANT);
    }
    String clientId = client.map(AuthenticatedClient::clientId).orElse(rule.principal());
    String scope = String.join(" ", scopes);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(
        SignetClaims.FEDERATION,
        Map.of("trust", trust.id().toString(), "rule", rule.name(), "iss", verified.issuer()));
    extra.put(SignetClaims.PROVENANCE, provenance(trust.definition().kind(), verified));
    String principalType =
        trust.definition().kind() == TrustKind.GITHUB_ACTIONS
            ? SignetClaims.PRINCIPAL_CI_JOB
            : SignetClaims.PRINCIPAL_WORKLOAD;
    return replay
        .firstUse(verified.issuer(), jti, subjectToken, Instant.ofEpochSecond(exp))
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("federated exchange could not check replays: %s", SafeFailures.describe(e));
              return OAuthException.unavailable("The token cannot be checked now; retry shortly.");
            })
        .chain(
            first -> {
              if (!first) {
                return refuse(
                    client,
                    request,
                    new Refusal(
                        "replay",
                        "The subject token was already exchanged.",
                        verified.issuer(),
                        trust),
                    rule.name(),
                    null,
                    OAuthError.INVALID_GRANT);
              }
              return issuer
                  .ready()
                  .chain(
                      () ->
                          issuer.issue(
                              clientId,
                              rule.principal(),
                              scopes,
                              audiences,
                              ttl,
                              null,
                              principalType,
                              extra))
                  .chain(
                      token ->
                          audit
                              .recordAlone(
                                  AuditEvent.builder("token.issued")
                                      .actor(client.map(AuthenticatedClient::clientId).orElse(null))
                                      .subject(rule.principal())
                                      .target("jti/" + token.jti())
                                      .attribute("grant", TokenExchangeGrant.GRANT)
                                      .attribute("subject_token_type", TokenExchangeGrant.JWT_TYPE)
                                      .attribute("issuer", verified.issuer())
                                      .attribute("trust", trust.definition().name())
                                      .attribute("rule", rule.name())
                                      .attribute("expires_at", token.expiresAt().toString())
                                      .attribute("scope", scope)
                                      .attribute("aud", String.join(" ", audiences))
                                      .attribute(
                                          "auth_method",
                                          client.map(AuthenticatedClient::method).orElse("none"))
                                      .attribute("ip", request.ip()))
                              .replaceWith(TokenResponse.exchanged(token, scope)))
                  .invoke(
                      () ->
                          metrics.federatedExchange(
                              trust.definition().name(), rule.name(), "issued"));
            });
  }

  /** Requested audiences must be the rule's; none requested gives the rule's (or our default). */
  private List<String> audiences(OAuthRequest request, FederationRule rule) {
    Set<String> requested = request.requestedAudiences();
    if (requested.isEmpty()) {
      return rule.audiences().isEmpty() ? List.of(defaultAudience) : rule.audiences();
    }
    for (String audience : requested) {
      if (!rule.audiences().contains(audience)) {
        throw OAuthException.of(
            OAuthError.INVALID_TARGET, "Audience '" + audience + "' is not granted by the rule.");
      }
    }
    return new ArrayList<>(requested);
  }

  private static Map<String, Object> provenance(
      TrustKind kind, ExternalTokenCheck.Verified verified) {
    Map<String, Object> claims = verified.claims().getClaimsMap();
    Map<String, Object> prov = new LinkedHashMap<>();
    if (kind == TrustKind.KUBERNETES) {
      KUBERNETES_PROVENANCE.forEach(
          (path, name) ->
              RuleMatcher.claimText(claims, path)
                  .ifPresent(v -> prov.put(name, CleanText.forRecord(v))));
    } else {
      for (String name : GITHUB_PROVENANCE) {
        RuleMatcher.claimText(claims, name).ifPresent(v -> prov.put(name, CleanText.forRecord(v)));
      }
    }
    return prov;
  }

  private <T> Uni<T> refuse(
      Optional<AuthenticatedClient> client,
      OAuthRequest request,
      Refusal refusal,
      String rule,
      String detail,
      OAuthError error) {
    String trustName = refusal.trust() == null ? null : refusal.trust().definition().name();
    metrics.federatedExchange(trustName, rule, refusal.check());
    OAuthException answer =
        error == OAuthError.TEMPORARILY_UNAVAILABLE
            ? OAuthException.unavailable(refusal.description())
            : OAuthException.of(error, refusal.description());
    return audit
        .recordAlone(
            AuditEvent.builder("token.exchange_refused")
                .actor(client.map(AuthenticatedClient::clientId).orElse(null))
                .outcome(AuditOutcome.DENIED)
                .attribute("grant", TokenExchangeGrant.GRANT)
                .attribute("check", refusal.check())
                .attribute("issuer", refusal.issuer())
                .attribute("trust", trustName)
                .attribute("rule", rule)
                .attribute("detail", detail)
                .attribute("error", error.code())
                .attribute("ip", request.ip()))
        .plug(LoggedAndDropped.warn(LOG, "auditing a refused token exchange"))
        .chain(() -> Uni.createFrom().<T>failure(answer));
  }
}
