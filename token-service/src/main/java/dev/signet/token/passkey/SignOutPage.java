package dev.signet.token.passkey;

import dev.signet.token.session.Csrf;
import dev.signet.token.session.PersonSessions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Sign-out: a POST with the session's CSRF token (a link could be followed by another site). */
@Path("/signout")
public class SignOutPage {

  private final PersonSessions sessions;
  private final Csrf csrf;

  SignOutPage(PersonSessions sessions, Csrf csrf) {
    this.sessions = sessions;
    this.csrf = csrf;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> signOut(
      @FormParam("csrf") String token, @Context HttpServerRequest request) {
    return sessions
        .current(request)
        .chain(
            current -> {
              if (current.isEmpty()) {
                return Uni.createFrom().item(gone());
              }
              csrf.require(current.get(), token, request);
              return sessions.end(current.get()).map(ignored -> gone());
            });
  }

  private Response gone() {
    return Response.seeOther(URI.create("/signin"))
        .header(HttpHeaders.SET_COOKIE, sessions.clearCookie())
        .build();
  }
}
