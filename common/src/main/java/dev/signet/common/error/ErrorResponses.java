package dev.signet.common.error;

import dev.signet.common.http.RequestIds;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Builds error responses in the format the path calls for: OAuth error JSON under {@code /oauth2/},
 * problem+json everywhere else. 5xx are logged with a request id that the body repeats; 4xx only at
 * debug, so a client's mistake never floods the log.
 */
public final class ErrorResponses {

  private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

  /** What a 503 tells clients to wait: long enough for a database failover to finish. */
  private static final String RETRY_AFTER_SECONDS = "5";

  private ErrorResponses() {}

  public static boolean isOAuthPath(String path) {
    return path != null && path.startsWith("/oauth2/");
  }

  /** Logs as the status deserves and returns the body with its content type. */
  public static Response build(Problem problem, String path, Throwable cause) {
    Problem body = problem.withInstance(path);
    if (problem.status() >= 500) {
      String requestId = RequestIds.current();
      if (requestId == null) {
        requestId = UUID.randomUUID().toString();
      }
      body = body.withRequestId(requestId);
      // The cause's messages can carry the values a driver was given: logged redacted.
      LOG.errorf(
          SafeFailures.forLog(cause),
          "request %s to %s failed with %d: %s",
          requestId,
          path,
          problem.status(),
          problem.title());
    } else if (LOG.isDebugEnabled()) {
      LOG.debugf("request to %s answered %d: %s", path, problem.status(), problem.detail());
    }
    if (isOAuthPath(path)) {
      // RFC 6749 section 5.2: a 401 needs a WWW-Authenticate challenge, which only the client
      // authentication knows how to give; anything else that refuses the client answers 400.
      int status = problem.status() == 401 ? 400 : problem.status();
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .header("Cache-Control", "no-store")
          .entity(new OAuthErrorBody(oauthCode(problem.status()), problem.detail()))
          .build();
    }
    Response.ResponseBuilder response =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body);
    if (problem.status() == 503) {
      response.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    return response.build();
  }

  private static String oauthCode(int status) {
    if (status == 401) {
      return "invalid_client";
    }
    if (status == 503) {
      return "temporarily_unavailable";
    }
    return status >= 500 ? "server_error" : "invalid_request";
  }
}
