package dev.signet.token.grant;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.refresh.RefreshRotation;
import dev.signet.token.refresh.RefreshToken;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserScopes;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code grant_type=refresh_token}: rotates the presented token and mints a new access token. A
 * reused token revokes its family; that revocation commits even though the request fails.
 */
@ApplicationScoped
public class RefreshTokenGrant {

  public static final String GRANT = "refresh_token";

  /** The transaction's result: a response, or the error to answer after the commit. */
  record Result(TokenResponse response, OAuthException error) {}

  private final AccessTokenIssuer issuer;
  private final RefreshRotation rotation;
  private final TokenPolicyService policies;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final UserTokens userTokens;
  private final UserDirectory users;
  private final UserScopes userScopes;
  private final String defaultAudience;

  RefreshTokenGrant(
      AccessTokenIssuer issuer,
      RefreshRotation rotation,
      TokenPolicyService policies,
      AuditRecorder audit,
      TokenMetrics metrics,
      Pool pool,
      UserTokens userTokens,
      UserDirectory users,
      UserScopes userScopes,
      TokenConfig config,
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081")
          String issuerUrl) {
    this.defaultAudience = config.defaultAudience().orElse(issuerUrl);
    this.issuer = issuer;
    this.rotation = rotation;
    this.policies = policies;
    this.audit = audit;
    this.metrics = metrics;
    this.pool = pool;
    this.userTokens = userTokens;
    this.users = users;
    this.userScopes = userScopes;
  }

  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    if (!client.account().refreshEnabled()) {
      throw OAuthException.of(
          OAuthError.UNAUTHORIZED_CLIENT, "This client may not use refresh tokens.");
    }
    String presented = request.required("refresh_token");
    Optional<String> scope = request.param("scope");
    return policies
        .current()
        .call(issuer::ready)
        .chain(
            policy ->
                pool.withTransaction(tx -> exchange(tx, client, presented, scope, policy, request)))
        .map(
            result -> {
              if (result.error() != null) {
                throw result.error();
              }
              metrics.issued(GRANT, client.clientId());
              return result.response();
            });
  }

  /** One transaction: lock, rotate or revoke, sign, audit. */
  Uni<Result> exchange(
      SqlConnection tx,
      AuthenticatedClient client,
      String presented,
      Optional<String> requestedScope,
      TokenPolicyView policy,
      OAuthRequest request) {
    return rotation
        .rotate(
            tx,
            presented,
            client.clientId(),
            policy.refreshTokenTtlSeconds(),
            policy.refreshTokenMaxLifetimeSeconds(),
            policy.refreshReuseGraceSeconds(),
            request)
        .chain(
            outcome -> {
              if (outcome instanceof RefreshRotation.Rotated rotated) {
                // A person's family (key login, device flow) is re-checked against the person.
                return userTokens
                    .family(tx, rotated.successor().row().familyId)
                    .chain(
                        family ->
                            family.isPresent()
                                ? mintForUser(
                                    tx, rotated, family.get(), requestedScope, policy, request)
                                : mint(tx, client, rotated, requestedScope, policy, request));
              }
              String description =
                  outcome instanceof RefreshRotation.Reused
                      ? "The refresh token was already used; its grant is revoked."
                      : "The refresh token is invalid, expired or revoked.";
              return Uni.createFrom()
                  .item(new Result(null, OAuthException.invalidGrant(description)));
            });
  }

  /**
   * A person's refresh: refused once the person is no longer active, their user_ver moved or the
   * key that logged in was revoked; scopes narrow to what their roles give today.
   */
  private Uni<Result> mintForUser(
      SqlConnection tx,
      RefreshRotation.Rotated rotated,
      UserTokens.Family family,
      Optional<String> requestedScope,
      TokenPolicyView policy,
      OAuthRequest request) {
    RefreshToken next = rotated.successor().row();
    return users
        .find(tx, family.userId())
        .chain(
            found -> {
              if (found.isEmpty() || !UserTokens.stillValid(family, found.get())) {
                return Uni.createFrom()
                    .item(
                        new Result(
                            null,
                            OAuthException.invalidGrant(
                                "The refresh token is invalid, expired or revoked.")));
              }
              UserDirectory.User user = found.get();
              Set<String> scopes;
              try {
                scopes = Scopes.select(requestedScope, Scopes.parse(next.scope));
              } catch (OAuthException e) {
                return Uni.createFrom().failure(e);
              }
              scopes.retainAll(userScopes.of(user.roles()));
              String scope = String.join(" ", scopes);
              return userTokens
                  .refreshed(next.clientId, user, family, scopes, policy, next.familyId)
                  .call(
                      token ->
                          audit.record(
                              tx,
                              AuditEvent.builder("token.issued")
                                  .actor(user.id().toString())
                                  .subject(user.id().toString())
                                  .target("jti/" + token.jti())
                                  .attribute("grant", GRANT)
                                  .attribute("client_id", next.clientId)
                                  .attribute("akid", family.akid())
                                  .attribute("expires_at", token.expiresAt().toString())
                                  .attribute("scope", scope)
                                  .attribute("refresh_family", next.familyId.toString())
                                  .attribute("ip", request.ip())))
                  .map(
                      token ->
                          new Result(
                              new TokenResponse(
                                  token.jwt(),
                                  "Bearer",
                                  token.expiresIn(),
                                  scope,
                                  rotated.successor().value()),
                              null));
            });
  }

  private Uni<Result> mint(
      SqlConnection tx,
      AuthenticatedClient client,
      RefreshRotation.Rotated rotated,
      Optional<String> requestedScope,
      TokenPolicyView policy,
      OAuthRequest request) {
    RefreshToken next = rotated.successor().row();
    // Down-select from the original grant, and never past what the account holds today.
    Set<String> granted = new LinkedHashSet<>(Scopes.parse(next.scope));
    Set<String> scopes;
    try {
      scopes = Scopes.select(requestedScope, granted);
    } catch (OAuthException e) {
      return Uni.createFrom().failure(e);
    }
    scopes.retainAll(client.account().scopes());
    // Audiences too: one the account may no longer have is dropped; none left ends the grant.
    List<String> audiences =
        Scopes.parse(next.audience).stream()
            .filter(a -> AudienceRules.allowed(client.account(), a, defaultAudience))
            .toList();
    if (audiences.isEmpty()) {
      return Uni.createFrom()
          .item(
              new Result(
                  null,
                  OAuthException.invalidGrant(
                      "No audience of this grant is allowed for the client any more.")));
    }
    if (!AudienceRules.allSignet(audiences)) {
      scopes.removeIf(AudienceRules::isSignetScope);
    }
    String scope = String.join(" ", scopes);
    return issuer
        .issue(
            next.clientId,
            next.subject,
            scopes,
            audiences,
            policy.accessTokenTtlSeconds(),
            next.familyId)
        .call(
            token ->
                audit.record(
                    tx,
                    AuditEvent.builder("token.issued")
                        .actor(next.clientId)
                        .subject(next.subject)
                        .target("jti/" + token.jti())
                        .attribute("grant", GRANT)
                        .attribute("expires_at", token.expiresAt().toString())
                        .attribute("scope", scope)
                        .attribute("refresh_family", next.familyId.toString())
                        .attribute("grace_retry", rotated.graceRetry() ? Boolean.TRUE : null)
                        .attribute("ip", request.ip())))
        .map(
            token ->
                new Result(
                    new TokenResponse(
                        token.jwt(),
                        "Bearer",
                        token.expiresIn(),
                        scope,
                        rotated.successor().value()),
                    null));
  }
}
