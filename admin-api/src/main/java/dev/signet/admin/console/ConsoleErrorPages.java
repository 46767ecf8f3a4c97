package dev.signet.admin.console;

import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Console refusals as readable pages instead of problem+json: the console is read by people. A
 * refusal to sign in again also drops the session cookie, so the next visit starts a fresh sign-in.
 */
public class ConsoleErrorPages {

  private final Template error;
  private final OidcSession session;

  ConsoleErrorPages(@Location("console/error.html") Template error, OidcSession session) {
    this.error = error;
    this.session = session;
  }

  @ServerExceptionMapper
  public Uni<Response> refused(ConsoleRefusal refusal) {
    Uni<Void> drop = refusal.status() == 401 ? session.logout() : Uni.createFrom().voidItem();
    return drop.map(
        v ->
            Response.status(refusal.status())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(
                    error
                        .data("heading", refusal.heading())
                        .data("detail", refusal.getMessage())
                        .data("signInAgain", refusal.status() == 401)
                        .render())
                .build());
  }
}
