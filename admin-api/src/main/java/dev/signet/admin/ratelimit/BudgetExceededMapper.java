package dev.signet.admin.ratelimit;

import dev.signet.common.error.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers {@link BudgetExceeded} as problem+json with the Retry-After its window gives. */
public class BudgetExceededMapper {

  @ServerExceptionMapper
  public Response exceeded(BudgetExceeded e, UriInfo uri) {
    Problem problem =
        Problem.of(
            429,
            "too-many-requests",
            "Too many requests",
            "Too many requests of this kind; retry in " + e.retryAfterSeconds() + " s.");
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", Long.toString(e.retryAfterSeconds()))
        .entity(problem.withInstance(uri.getPath()))
        .build();
  }
}
