package dev.signet.token.grant;

import dev.signet.token.client.ClientAuthenticator;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** {@code POST /oauth2/token} (RFC 6749 section 3.2). */
@Path("/oauth2/token")
public class TokenEndpoint {

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;
  private final ClientCredentialsGrant clientCredentials;
  private final RefreshTokenGrant refreshToken;

  TokenEndpoint(
      OAuthRequests requests,
      ClientAuthenticator authenticator,
      ClientCredentialsGrant clientCredentials,
      RefreshTokenGrant refreshToken) {
    this.requests = requests;
    this.authenticator = authenticator;
    this.clientCredentials = clientCredentials;
    this.refreshToken = refreshToken;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> token(MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    return Uni.createFrom()
        .deferred(
            () -> {
              OAuthRequest request = requests.accept(form, http);
              String grantType = request.required("grant_type");
              if (!ClientCredentialsGrant.GRANT.equals(grantType)
                  && !RefreshTokenGrant.GRANT.equals(grantType)) {
                throw OAuthException.of(
                    OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "Grant type '" + grantType + "' is not supported.");
              }
              return authenticator
                  .authenticate(request)
                  .chain(
                      client ->
                          ClientCredentialsGrant.GRANT.equals(grantType)
                              ? clientCredentials.grant(client, request)
                              : refreshToken.grant(client, request));
            })
        .map(
            body ->
                Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build());
  }
}
