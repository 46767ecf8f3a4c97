package dev.signet.token.authorize;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.client.CodeClients;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.grant.Scopes;
import dev.signet.token.grant.TokenResponse;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.policy.TokenPolicyService;
import dev.signet.token.policy.TokenPolicyView;
import dev.signet.token.refresh.RefreshRotation;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserScopes;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code grant_type=authorization_code} (RFC 6749 section 4.1.3) with PKCE S256 (RFC 7636). The
 * code's row is locked for the exchange, so a code yields tokens once; a second use revokes the
 * refresh family (and so every access token) the first one issued, as RFC 6749 section 4.1.2 asks.
 * Every refusal is the same {@code invalid_grant} so a caller learns nothing about someone else's
 * code.
 */
@ApplicationScoped
public class AuthorizationCodeGrant {

  public static final String GRANT = "authorization_code";

  /** OpenID Connect: this scope asks for an ID token; it grants nothing at an API. */
  public static final String OPENID = "openid";

  /** What the transaction decided: tokens, or the error to answer after the commit. */
  private record Result(TokenResponse response, OAuthException error) {
    static Result invalid(String description) {
      return new Result(null, OAuthException.invalidGrant(description));
    }
  }

  private final AuthorizationCodes codes;
  private final CodeClients codeClients;
  private final UserDirectory users;
  private final UserScopes userScopes;
  private final UserTokens tokens;
  private final IdTokens idTokens;
  private final RefreshRotation refresh;
  private final TokenPolicyService policies;
  private final AccessTokenIssuer issuer;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Pool pool;
  private final Clock clock;

  AuthorizationCodeGrant(
      AuthorizationCodes codes,
      CodeClients codeClients,
      UserDirectory users,
      UserScopes userScopes,
      UserTokens tokens,
      IdTokens idTokens,
      RefreshRotation refresh,
      TokenPolicyService policies,
      AccessTokenIssuer issuer,
      AuditRecorder audit,
      TokenMetrics metrics,
      Pool pool,
      Clock clock) {
    this.codes = codes;
    this.codeClients = codeClients;
    this.users = users;
    this.userScopes = userScopes;
    this.tokens = tokens;
    this.idTokens = idTokens;
    this.refresh = refresh;
    this.policies = policies;
    this.issuer = issuer;
    this.audit = audit;
    this.metrics = metrics;
    this.pool = pool;
    this.clock = clock;
  }

  public Uni<TokenResponse> grant(AuthenticatedClient client, OAuthRequest request) {
    if (codeClients.find(client.clientId()).isEmpty()) {
      throw OAuthException.of(
          OAuthError.UNAUTHORIZED_CLIENT, "This client may not use the authorization code grant.");
    }
    String code = request.required("code");
    String redirectUri = request.required("redirect_uri");
    String verifier = request.required("code_verifier");
    if (!Pkce.validVerifier(verifier)) {
      throw OAuthException.invalidRequest(
          "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).");
    }
    if (code.length() > 128) {
      throw OAuthException.invalidGrant("The authorization code is invalid.");
    }
    return policies
        .current()
        .call(issuer::ready)
        .chain(
            policy ->
                pool.withTransaction(
                    tx -> exchange(tx, client, code, redirectUri, verifier, policy, request)))
        .map(
            result -> {
              if (result.error() != null) {
                throw result.error();
              }
              metrics.issued(GRANT, client.clientId());
              return result.response();
            });
  }

  private Uni<Result> exchange(
      SqlConnection tx,
      AuthenticatedClient client,
      String code,
      String redirectUri,
      String verifier,
      TokenPolicyView policy,
      OAuthRequest request) {
    Instant now = Instant.now(clock);
    return codes
        .lock(tx, code)
        .chain(
            found -> {
              // Another client's code is as unknown as a made-up one.
              if (found.isEmpty() || !found.get().clientId().equals(client.clientId())) {
                return done(Result.invalid("The authorization code is invalid."));
              }
              AuthorizationCode row = found.get();
              if (row.usedAt() != null) {
                return replayed(tx, row, now, request);
              }
              if (row.expired(now)) {
                return done(Result.invalid("The authorization code has expired."));
              }
              if (!row.redirectUri().equals(redirectUri)) {
                return done(
                    Result.invalid("redirect_uri differs from the authorization request's."));
              }
              if (!Pkce.matches(verifier, row.codeChallenge())) {
                return done(Result.invalid("The code_verifier does not match the challenge."));
              }
              return issue(tx, client, row, policy, request, now);
            });
  }

  private Uni<Result> issue(
      SqlConnection tx,
      AuthenticatedClient client,
      AuthorizationCode row,
      TokenPolicyView policy,
      OAuthRequest request,
      Instant now) {
    UUID familyId = UUID.randomUUID();
    return codes
        .used(tx, row, now, familyId)
        .chain(() -> users.find(tx, row.userId()))
        .chain(
            found -> {
              UserDirectory.User user = found.orElse(null);
              // Disabled or bumped (user_ver) between the approval and the exchange: nothing.
              if (user == null || !user.active() || user.userVer() != row.userVer()) {
                return done(Result.invalid("The approval is no longer valid."));
              }
              Set<String> asked = Scopes.parse(row.scope());
              Set<String> scopes =
                  UserTokens.narrow(userScopes.of(user.roles()), Optional.of(row.scope()));
              return tokens
                  .issue(
                      tx, client.clientId(), user, null, scopes, policy, GRANT, request, familyId)
                  .chain(
                      response ->
                          asked.contains(OPENID)
                              ? idTokens
                                  .sign(row, policy.accessTokenTtlSeconds())
                                  .map(response::withIdToken)
                              : done(response))
                  .map(response -> new Result(response, null));
            });
  }

  /** The second use of a code: the tokens the first use issued are revoked, then refused. */
  private Uni<Result> replayed(
      SqlConnection tx, AuthorizationCode row, Instant now, OAuthRequest request) {
    Uni<Integer> revoked =
        row.familyId() == null
            ? done(0)
            : refresh.revokeFamily(tx, row.familyId(), "authorization_code_replayed", now);
    return revoked
        .call(
            count ->
                audit.record(
                    tx,
                    AuditEvent.builder("authorization_code.replayed")
                        .actor(row.clientId())
                        .subject(row.userId().toString())
                        .target(row.familyId() == null ? null : "refresh_family/" + row.familyId())
                        .attribute("client_id", row.clientId())
                        .attribute("revoked_tokens", count)
                        .attribute("ip", request.ip())))
        .replaceWith(Result.invalid("The authorization code was used already."));
  }

  private static <T> Uni<T> done(T value) {
    return Uni.createFrom().item(value);
  }
}
