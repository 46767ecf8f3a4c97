package dev.signet.token.revoke;

import dev.signet.token.client.ClientAuthenticator;
import dev.signet.token.oauth.OAuthRequest;
import dev.signet.token.oauth.OAuthRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** {@code POST /oauth2/revoke} (RFC 7009): 200 for every well-formed, authenticated request. */
@Path("/oauth2/revoke")
public class RevocationEndpoint {

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;
  private final Revocation revocation;

  RevocationEndpoint(
      OAuthRequests requests, ClientAuthenticator authenticator, Revocation revocation) {
    this.requests = requests;
    this.authenticator = authenticator;
    this.revocation = revocation;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> revoke(
      MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    return Uni.createFrom()
        .deferred(
            () -> {
              OAuthRequest request = requests.accept(form, http);
              String token = request.required("token");
              request.param("token_type_hint"); // a hint only; an unknown one is ignored
              return authenticator
                  .authenticate(request)
                  .chain(client -> revocation.revoke(token, client.clientId()));
            })
        .map(v -> Response.ok().header("Cache-Control", "no-store").build());
  }
}
