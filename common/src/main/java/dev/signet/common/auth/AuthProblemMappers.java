package dev.signet.common.auth;

import dev.signet.common.error.ErrorResponses;
import dev.signet.common.error.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Security failures inside JAX-RS as problem+json: 401 with a Bearer challenge, or 403. */
public class AuthProblemMappers {

  @ServerExceptionMapper(priority = 1)
  public Response unauthorized(UnauthorizedException e, UriInfo uri, RoutingContext context) {
    return challenge(uri, context, e);
  }

  @ServerExceptionMapper(priority = 1)
  public Response authenticationFailed(
      AuthenticationFailedException e, UriInfo uri, RoutingContext context) {
    return challenge(uri, context, e);
  }

  @ServerExceptionMapper(priority = 1)
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return ErrorResponses.build(
        Problem.of(
            403, "forbidden", "Forbidden", "The bearer token lacks the scope this call needs."),
        uri.getPath(),
        e);
  }

  private static Response challenge(UriInfo uri, RoutingContext context, Throwable e) {
    String reason = context.get(BearerIdentityProvider.FAILURE_REASON);
    Response response =
        ErrorResponses.build(BearerAuthenticationMechanism.unauthorized(reason), uri.getPath(), e);
    return Response.fromResponse(response)
        .header("WWW-Authenticate", BearerAuthenticationMechanism.challenge(reason))
        .header("Cache-Control", "no-store")
        .build();
  }
}
