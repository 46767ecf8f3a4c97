package dev.signet.token.passkey;

import dev.signet.token.session.Csrf;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSessions;
import dev.signet.token.session.ReturnPath;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Sign-in with a passkey. No user name is asked: the passkey is discoverable and its credential id
 * says whose it is. Success starts a session and goes back where the person came from (a local path
 * only: {@link ReturnPath}).
 */
@Path("/signin")
public class SignInPage {

  static final String METHOD = "passkey";

  private final Template signin;
  private final PasskeyCeremonies ceremonies;
  private final PersonSessions sessions;
  private final Csrf csrf;

  SignInPage(
      @Location("pages/signin.html") Template signin,
      PasskeyCeremonies ceremonies,
      PersonSessions sessions,
      Csrf csrf) {
    this.signin = signin;
    this.ceremonies = ceremonies;
    this.sessions = sessions;
    this.csrf = csrf;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String show(@QueryParam("return") String returnTo) {
    return signin.data("returnTo", returnPath(returnTo)).render();
  }

  /** The challenge for {@code navigator.credentials.get}, kept in the challenge cookie. */
  @GET
  @Path("/options")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> options(RoutingContext context) {
    return ceremonies.signInOptions(context);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> signIn(
      @FormParam("credential") String credential,
      @FormParam("return") String returnTo,
      RoutingContext context) {
    HttpServerRequest request = context.request();
    csrf.requireOrigin(request);
    String next = returnPath(returnTo);
    return ceremonies
        .signIn(credential, context)
        .chain(
            signedIn -> sessions.start(signedIn.userId(), METHOD, signedIn.credentialId(), request))
        .map(
            started ->
                Response.seeOther(URI.create(next))
                    .header(HttpHeaders.SET_COOKIE, started.setCookie())
                    .build());
  }

  /** The return path as given when it is a safe local one; a changed or hostile one is a 400. */
  static String returnPath(String returnTo) {
    if (returnTo == null || returnTo.isEmpty()) {
      return ReturnPath.orHome(null);
    }
    return ReturnPath.safe(returnTo)
        .orElseThrow(
            () ->
                new PageException(
                    400, "This sign-in link was changed. Go back and follow the link again."));
  }
}
