package dev.signet.token.oauth;

import dev.signet.common.error.ErrorResponses;
import dev.signet.common.error.OAuthErrorBody;
import dev.signet.common.error.Problem;
import dev.signet.common.input.InvalidInputException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns {@link OAuthException} into the RFC 6749 section 5.2 response, and a refused input value on
 * an OAuth endpoint into {@code invalid_request} naming the parameter.
 */
public class OAuthExceptionMapper {

  private static final Logger LOG = Logger.getLogger(OAuthExceptionMapper.class);

  @ServerExceptionMapper
  public Response map(OAuthException e) {
    OAuthError error = e.error();
    if (LOG.isDebugEnabled()) {
      LOG.debugf("oauth request refused with %s: %s", error.code(), e.getMessage());
    }
    Response.ResponseBuilder response =
        Response.status(e.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header("Cache-Control", "no-store")
            .header("Pragma", "no-cache")
            .entity(new OAuthErrorBody(error.code(), e.getMessage()));
    if (error == OAuthError.INVALID_CLIENT && e.basicChallenge()) {
      response.header("WWW-Authenticate", "Basic realm=\"signet\", charset=\"UTF-8\"");
    }
    if (e.retryAfterSeconds() > 0) {
      response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    return response.build();
  }

  /** Ahead of common's problem+json mapper: on /oauth2/ the answer is OAuth's, not a problem. */
  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response invalidInput(InvalidInputException e, UriInfo uri) {
    if (ErrorResponses.isOAuthPath(uri.getPath())) {
      return map(FormBody.invalid(e));
    }
    Problem problem =
        Problem.of(400, "validation", "Validation failed", "The request has invalid fields.")
            .withErrors(List.of(new Problem.FieldError(e.field(), e.problem())));
    return ErrorResponses.build(problem, uri.getPath(), e);
  }
}
