package dev.signet.token.introspect;

import dev.signet.token.client.ClientAuthenticator;
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

/** {@code POST /oauth2/introspect} (RFC 7662); the caller authenticates as a client. */
@Path("/oauth2/introspect")
public class IntrospectionEndpoint {

  private final OAuthRequests requests;
  private final ClientAuthenticator authenticator;
  private final Introspection introspection;

  IntrospectionEndpoint(
      OAuthRequests requests, ClientAuthenticator authenticator, Introspection introspection) {
    this.requests = requests;
    this.authenticator = authenticator;
    this.introspection = introspection;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> introspect(
      MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    return Uni.createFrom()
        .deferred(
            () -> {
              OAuthRequest request = requests.accept(form, http);
              String token = request.required("token");
              request.param("token_type_hint");
              return authenticator
                  .authenticate(request)
                  .chain(client -> introspection.inspect(token, client.clientId()));
            })
        .map(
            body ->
                Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build());
  }
}
