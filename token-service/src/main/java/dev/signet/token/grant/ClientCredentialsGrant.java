package dev.signet.token.grant;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.SignetAudiences;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.client.ServiceAccount;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.refresh.RefreshRotation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code grant_type=client_credentials}: a service account gets an access token for itself, with
 * the requested subset of its scopes and audiences, and a refresh token when it opted in.
 */
@ApplicationScoped
public class ClientCredentialsGrant {

  public static final String GRANT = "client_credentials";

  private final AccessTokenIssuer issuer;
  private final RefreshRotation refresh;
  private final TokenPolicyService policies;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final String defaultAudience;
  private final Pool pool;

  ClientCredentialsGrant(
      AccessTokenIssuer issuer,
      RefreshRotation refresh,
      TokenPolicyService policies,
      AuditRecorder audit,
      TokenMetrics metrics,
      TokenConfig config,
      Pool pool,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuerUrl) {
    this.issuer = issuer;
    this.refresh = refresh;
    this.policies = policies;
    this.audit = audit;
    this.metrics = metrics;
    this.defaultAudience = config.defaultAudience().orElse(issuerUrl);
    this.pool = pool;
  }

  /**
   * Checks the request, signs the token outside any transaction, then records it. The common case
   * creates no rows but its audit event, so it opens no transaction: the event goes through the
   * group commit and the answer waits for that commit. An account that opted into refresh tokens
   * starts a family, in one transaction with its event.
   */
  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    ServiceAccount account = client.account();
    List<String> audiences = audiences(account, request);
    Set<String> scopes = scopes(account, request, audiences);
    String scope = String.join(" ", scopes);
    // The family exists before the token is signed: the token names it (sid).
    UUID familyId = account.refreshEnabled() ? UUID.randomUUID() : null;
    return policies
        .current()
        .call(issuer::ready)
        .chain(
            policy ->
                issuer
                    .issue(
                        client.clientId(),
                        client.clientId(),
                        scopes,
                        audiences,
                        policy.accessTokenTtlSeconds(),
                        familyId)
                    .chain(
                        token ->
                            account.refreshEnabled()
                                ? pool.withTransaction(
                                    tx ->
                                        withRefreshFamily(
                                            tx, client, familyId, token, scope, audiences, policy,
                                            request))
                                : audit
                                    .recordAlone(
                                        issued(client, token, scope, audiences, null, request))
                                    .replaceWith(response(token, scope, null))))
        .invoke(() -> metrics.issued(GRANT, client.clientId()));
  }

  /** One transaction: start the refresh family and record the issuance with it. */
  private Uni<TokenResponse> withRefreshFamily(
      SqlConnection tx,
      AuthenticatedClient client,
      UUID familyId,
      AccessTokenIssuer.IssuedAccessToken token,
      String scope,
      List<String> audiences,
      TokenPolicyView policy,
      OAuthRequest request) {
    return refresh
        .startFamily(
            tx,
            familyId,
            client.clientId(),
            client.clientId(),
            scope,
            String.join(" ", audiences),
            Math.min(policy.refreshTokenTtlSeconds(), policy.refreshTokenMaxLifetimeSeconds()),
            request)
        .chain(
            rt ->
                audit
                    .record(
                        tx,
                        issued(
                            client, token, scope, audiences, rt.row().familyId.toString(), request))
                    .replaceWith(response(token, scope, rt.value())));
  }

  private static TokenResponse response(
      AccessTokenIssuer.IssuedAccessToken token, String scope, String refreshToken) {
    return new TokenResponse(token.jwt(), "Bearer", token.expiresIn(), scope, refreshToken);
  }

  private static AuditEvent.Builder issued(
      AuthenticatedClient client,
      AccessTokenIssuer.IssuedAccessToken token,
      String scope,
      List<String> audiences,
      String refreshFamily,
      OAuthRequest request) {
    return AuditEvent.builder("token.issued")
        .actor(client.clientId())
        .subject(client.clientId())
        .target("jti/" + token.jti())
        .attribute("grant", GRANT)
        .attribute("expires_at", token.expiresAt().toString())
        .attribute("scope", scope)
        .attribute("aud", String.join(" ", audiences))
        .attribute("auth_method", client.method())
        .attribute("refresh_family", refreshFamily)
        .attribute("ip", request.ip());
  }

  /**
   * The requested subset of the account's scopes, all of them when none is named; {@code signet:}
   * scopes only in a token for Signet audiences alone (asked for explicitly otherwise:
   * invalid_scope).
   */
  private static Set<String> scopes(
      ServiceAccount account, OAuthRequest request, List<String> audiences) {
    Optional<String> requested = request.param("scope");
    Set<String> scopes = Scopes.select(requested, account.scopes());
    if (AudienceRules.allSignet(audiences)) {
      return scopes;
    }
    if (requested.isPresent()) {
      for (String scope : scopes) {
        if (AudienceRules.isSignetScope(scope)) {
          throw OAuthException.of(
              OAuthError.INVALID_SCOPE,
              "Scope '" + scope + "' is only issued for Signet audiences.");
        }
      }
      return scopes;
    }
    scopes.removeIf(AudienceRules::isSignetScope);
    return scopes;
  }

  /**
   * RFC 8707 {@code resource} and the common {@code audience} parameter, each allowed or refused.
   */
  private List<String> audiences(ServiceAccount account, OAuthRequest request) {
    Set<String> requested = request.requestedAudiences();
    if (requested.isEmpty()) {
      if (!account.allowedAudiences().isEmpty()) {
        return List.copyOf(account.allowedAudiences());
      }
      // An admin's plain token opens every Signet API; anyone else's names the issuer.
      return AudienceRules.holdsSignetScope(account.scopes())
          ? SignetAudiences.all()
          : List.of(defaultAudience);
    }
    for (String audience : requested) {
      if (!AudienceRules.allowed(account, audience, null)) {
        throw OAuthException.of(
            OAuthError.INVALID_TARGET,
            "Audience '" + audience + "' is not allowed for this client.");
      }
    }
    return new ArrayList<>(requested);
  }
}
