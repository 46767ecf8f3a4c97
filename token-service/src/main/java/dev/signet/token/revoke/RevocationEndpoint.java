package dev.signet.token.revoke;

import dev.signet.token.client.TokenOperationRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /oauth2/revoke} (RFC 7009): 200 for every well-formed, authenticated request. */
@Path("/oauth2/revoke")
public class RevocationEndpoint {

  private final TokenOperationRequests requests;
  private final Revocation revocation;

  RevocationEndpoint(TokenOperationRequests requests, Revocation revocation) {
    this.requests = requests;
    this.revocation = revocation;
  }

  @POST
  // Any type: FormBody answers a non-form body with invalid_request (RFC 6749 section 3.2).
  @Consumes(MediaType.WILDCARD)
  public Uni<Response> revoke(byte[] body, @Context HttpServerRequest http) {
    return requests
        .handle(body, http, revocation::revoke)
        .map(v -> Response.ok().header("Cache-Control", "no-store").build());
  }
}
