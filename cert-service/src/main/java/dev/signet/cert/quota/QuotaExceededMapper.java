package dev.signet.cert.quota;

import dev.signet.common.error.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers {@link QuotaExceeded} as problem+json with the Retry-After the window gives. */
public class QuotaExceededMapper {

  @ServerExceptionMapper
  public Response map(QuotaExceeded e, UriInfo uri) {
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", Long.toString(e.retryAfterSeconds()))
        .entity(e.problem().withInstance(uri.getRequestUri().getRawPath()))
        .build();
  }
}
