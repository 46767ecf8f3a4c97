package dev.signet.token.oauth;

import dev.signet.common.error.OAuthErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns {@link OAuthException} into the RFC 6749 section 5.2 response. */
public class OAuthExceptionMapper {

  private static final Logger LOG = Logger.getLogger(OAuthExceptionMapper.class);

  @ServerExceptionMapper
  public Response map(OAuthException e) {
    OAuthError error = e.error();
    if (LOG.isDebugEnabled()) {
      LOG.debugf("oauth request refused with %s: %s", error.code(), e.getMessage());
    }
    Response.ResponseBuilder response =
        Response.status(error.status())
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
}
