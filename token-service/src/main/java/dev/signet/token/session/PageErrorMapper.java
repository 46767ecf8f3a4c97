package dev.signet.token.session;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders a {@link PageException} as the HTML error page: people read these, so a refusal is a
 * sentence and a way on (sign in again for a 401), never JSON or a stack trace.
 */
public class PageErrorMapper {

  private final Template error;

  PageErrorMapper(@Location("pages/error.html") Template error) {
    this.error = error;
  }

  @ServerExceptionMapper
  public Response refused(PageException refusal) {
    return Response.status(refusal.status())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .entity(
            error
                .data("heading", heading(refusal.status()))
                .data("detail", refusal.getMessage())
                .data("signIn", refusal.status() == 401)
                .render())
        .build();
  }

  private static String heading(int status) {
    return switch (status) {
      case 400 -> "This request cannot be used";
      case 401 -> "Sign in first";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 409 -> "Already done";
      case 429 -> "Too many attempts";
      default -> status >= 500 ? "Signet cannot answer right now" : "Refused";
    };
  }
}
