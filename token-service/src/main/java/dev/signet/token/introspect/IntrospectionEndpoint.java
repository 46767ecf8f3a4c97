package dev.signet.token.introspect;

import dev.signet.token.client.TokenOperationRequests;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.oauth.OAuthRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
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

  /** {@code consume=true}: a single-use audience token is used up by this introspection. */
  private static boolean consume(OAuthRequest request) {
    String value = request.param("consume").orElse("false");
    if (!value.equals("true") && !value.equals("false")) {
      throw OAuthException.invalidRequest("consume must be true or false.");
    }
    return value.equals("true");
  }

  @POST
  // Any type: FormBody answers a non-form body with invalid_request (RFC 6749 section 3.2).
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> introspect(byte[] body, @Context HttpServerRequest http) {
    return requests
        .handleRequest(
            body,
            http,
            (token, clientId, request) -> introspection.inspect(token, clientId, consume(request)))
        .map(
            answer ->
                Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build());
  }
}
