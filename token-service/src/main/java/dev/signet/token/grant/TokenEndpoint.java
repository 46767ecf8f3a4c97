package dev.signet.token.grant;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.reactive.RunToCompletion;
import dev.signet.token.authorize.AuthorizationCodeGrant;
import dev.signet.token.client.AuthenticatedClient;
import dev.signet.token.client.ClientAuthenticator;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.device.DeviceCodeGrant;
import dev.signet.token.exchange.TokenExchangeGrant;
import dev.signet.token.login.KeyLoginGrant;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.oauth.OAuthRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** {@code POST /oauth2/token} (RFC 6749 section 3.2). */
@Path("/oauth2/token")
public class TokenEndpoint {

  private static final Logger LOG = Logger.getLogger(TokenEndpoint.class);

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;
  private final ClientCredentialsGrant clientCredentials;
  private final RefreshTokenGrant refreshToken;
  private final TokenExchangeGrant tokenExchange;
  private final KeyLoginGrant keyLogin;
  private final DeviceCodeGrant deviceCode;
  private final AuthorizationCodeGrant authorizationCode;
  private final AuditRecorder audit;
  private final String cliClientId;

  TokenEndpoint(
      OAuthRequests requests,
      ClientAuthenticator authenticator,
      ClientCredentialsGrant clientCredentials,
      RefreshTokenGrant refreshToken,
      TokenExchangeGrant tokenExchange,
      KeyLoginGrant keyLogin,
      DeviceCodeGrant deviceCode,
      AuthorizationCodeGrant authorizationCode,
      AuditRecorder audit,
      TokenConfig config) {
    this.requests = requests;
    this.authenticator = authenticator;
    this.clientCredentials = clientCredentials;
    this.refreshToken = refreshToken;
    this.tokenExchange = tokenExchange;
    this.keyLogin = keyLogin;
    this.deviceCode = deviceCode;
    this.authorizationCode = authorizationCode;
    this.audit = audit;
    this.cliClientId = config.cliClientId().orElse(null);
  }

  /** An authenticated client's request that was refused is a security event too. */
  private Uni<Void> refused(
      AuthenticatedClient client, String grantType, OAuthException e, OAuthRequest request) {
    if (e.error() == OAuthError.RATE_LIMITED) {
      return Uni.createFrom().voidItem();
    }
    return audit
        .recordAlone(
            AuditEvent.builder("token.request_refused")
                .actor(client.clientId())
                .outcome(AuditOutcome.DENIED)
                .attribute("grant", grantType)
                .attribute("error", e.error().code())
                .attribute("ip", request.ip()))
        .plug(LoggedAndDropped.warn(LOG, "auditing a refused token request"));
  }

  private Uni<TokenResponse> dispatch(
      String grantType, AuthenticatedClient client, OAuthRequest request) {
    if (client.account().isPublic()
        && !(KeyLoginGrant.GRANT.equals(grantType)
            || DeviceCodeGrant.GRANT.equals(grantType)
            || AuthorizationCodeGrant.GRANT.equals(grantType)
            || RefreshTokenGrant.GRANT.equals(grantType))) {
      throw OAuthException.of(
          OAuthError.UNAUTHORIZED_CLIENT, "A public client may not use this grant type.");
    }
    return switch (grantType) {
      case ClientCredentialsGrant.GRANT -> clientCredentials.grant(client, request);
      case KeyLoginGrant.GRANT -> keyLogin.grant(client, request);
      case DeviceCodeGrant.GRANT -> deviceCode.grant(client, request);
      case AuthorizationCodeGrant.GRANT -> authorizationCode.grant(client, request);
      case TokenExchangeGrant.GRANT -> tokenExchange.grant(client, request);
      default -> refreshToken.grant(client, request);
    };
  }

  @POST
  // Any type: FormBody answers a non-form body with invalid_request (RFC 6749 section 3.2).
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> token(byte[] body, @Context HttpServerRequest http) {
    // To the end even if the client hangs up: a token that was signed is also on record.
    return RunToCompletion.of(
            () -> {
              OAuthRequest request = requests.accept(body, http);
              String grantType = request.required("grant_type");
              if (!ClientCredentialsGrant.GRANT.equals(grantType)
                  && !RefreshTokenGrant.GRANT.equals(grantType)
                  && !TokenExchangeGrant.GRANT.equals(grantType)
                  && !KeyLoginGrant.GRANT.equals(grantType)
                  && !DeviceCodeGrant.GRANT.equals(grantType)
                  && !AuthorizationCodeGrant.GRANT.equals(grantType)) {
                throw OAuthException.of(
                    OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "Grant type '" + grantType + "' is not supported.");
              }
              if (TokenExchangeGrant.GRANT.equals(grantType)
                  && TokenExchangeGrant.anonymousFederated(request)) {
                // The external token is the credential; FederatedExchange audits its refusals.
                return tokenExchange.grantAnonymous(request);
              }
              // Key login names the person in its assertion; the client is the CLI unless named.
              String publicDefault = KeyLoginGrant.GRANT.equals(grantType) ? cliClientId : null;
              return authenticator
                  .authenticate(request, publicDefault)
                  .chain(
                      client ->
                          Uni.createFrom()
                              .deferred(() -> dispatch(grantType, client, request))
                              .onFailure(OAuthException.class)
                              .call(e -> refused(client, grantType, (OAuthException) e, request)));
            })
        .map(
            answer ->
                Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build());
  }
}
