package dev.signet.token.introspect;

import dev.signet.token.client.TokenOperationRequests;
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

  private final TokenOperationRequests requests;
  private final Introspection introspection;

  IntrospectionEndpoint(TokenOperationRequests requests, Introspection introspection) {
    this.requests = requests;
    this.introspection = introspection;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> introspect(
      MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    return requests
        .handle(form, http, introspection::inspect)
        .map(
            body ->
                Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build());
  }
}
