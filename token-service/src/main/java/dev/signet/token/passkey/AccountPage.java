package dev.signet.token.passkey;

import dev.signet.token.session.Csrf;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSession;
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
import java.util.UUID;

/**
 * The person's account: their passkeys (name, created, last used), adding another and removing one
 * (never the last: they could not sign in again), and sign-out. Every form carries the session's
 * CSRF token.
 */
@Path("/account")
public class AccountPage {

  private static final String NOT_SIGNED_IN = "Your session has ended. Sign in again.";

  private final Template account;
  private final PasskeyStore store;
  private final PasskeyCeremonies ceremonies;
  private final PersonSessions sessions;
  private final Csrf csrf;

  AccountPage(
      @Location("pages/account.html") Template account,
      PasskeyStore store,
      PasskeyCeremonies ceremonies,
      PersonSessions sessions,
      Csrf csrf) {
    this.account = account;
    this.store = store;
    this.ceremonies = ceremonies;
    this.sessions = sessions;
    this.csrf = csrf;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> show(@QueryParam("done") String done, RoutingContext context) {
    return sessions
        .current(context.request())
        .chain(
            current -> {
              if (current.isEmpty()) {
                return Uni.createFrom()
                    .item(Response.seeOther(URI.create(ReturnPath.signInFor("/account"))).build());
              }
              PersonSession session = current.get();
              return store
                  .email(session.userId())
                  .chain(
                      email ->
                          store
                              .of(session.userId())
                              .map(
                                  passkeys ->
                                      Response.ok(
                                              account
                                                  .data("email", email.orElse(""))
                                                  .data("passkeys", passkeys)
                                                  .data("csrf", session.csrfToken())
                                                  .data("notice", notice(done))
                                                  .render())
                                          .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                                          .build()));
            });
  }

  /** The challenge for {@code navigator.credentials.create}, for the signed-in person. */
  @GET
  @Path("/passkeys/options")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> options(RoutingContext context) {
    return signedIn(context.request())
        .chain(session -> ceremonies.registrationOptions(session, context));
  }

  /**
   * Adds the passkey the browser just created. The first one (made in an invite's session) replaces
   * that session with a passkey session, so the invite's session never outlives its purpose.
   */
  @POST
  @Path("/passkeys")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> add(
      @FormParam("csrf") String token,
      @FormParam("credential") String credential,
      @FormParam("name") String name,
      RoutingContext context) {
    HttpServerRequest request = context.request();
    return signedIn(request)
        .chain(
            session -> {
              csrf.require(session, token, request);
              String cleaned = PasskeyName.of(name);
              return ceremonies
                  .register(session, credential, cleaned, context)
                  .chain(
                      passkey -> {
                        if (!WelcomePage.METHOD.equals(session.method())) {
                          return Uni.createFrom().item(done("added"));
                        }
                        return sessions
                            .end(session)
                            .chain(
                                () ->
                                    sessions.start(
                                        session.userId(),
                                        SignInPage.METHOD,
                                        passkey.credentialId(),
                                        request))
                            .map(
                                started ->
                                    Response.seeOther(URI.create("/account?done=added"))
                                        .header(HttpHeaders.SET_COOKIE, started.setCookie())
                                        .build());
                      });
            });
  }

  /** Removes a passkey (not the last) and ends the sessions it signed in. */
  @POST
  @Path("/passkeys/remove")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> remove(
      @FormParam("csrf") String token,
      @FormParam("passkey") String passkey,
      RoutingContext context) {
    HttpServerRequest request = context.request();
    return signedIn(request)
        .chain(
            session -> {
              csrf.require(session, token, request);
              UUID id = passkeyId(passkey);
              return store
                  .remove(session.userId(), id)
                  .chain(
                      removal -> {
                        if (removal instanceof PasskeyStore.Removal.Removed removed) {
                          return sessions
                              .endSignedInWith(session.userId(), removed.passkey().credentialId())
                              .map(ignored -> done("removed"));
                        }
                        if (removal instanceof PasskeyStore.Removal.Last) {
                          throw new PageException(
                              409,
                              "This is your only passkey. Add another one first: without a"
                                  + " passkey you could not sign in again.");
                        }
                        throw new PageException(404, "You have no such passkey.");
                      });
            });
  }

  private Uni<PersonSession> signedIn(HttpServerRequest request) {
    return sessions
        .current(request)
        .map(current -> current.orElseThrow(() -> new PageException(401, NOT_SIGNED_IN)));
  }

  private static UUID passkeyId(String presented) {
    try {
      if (presented != null && presented.length() == 36) {
        UUID id = UUID.fromString(presented);
        if (id.toString().equalsIgnoreCase(presented)) {
          return id;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal below
    }
    throw new PageException(400, "This form was changed. Reload the page and try again.");
  }

  private static Response done(String what) {
    return Response.seeOther(URI.create("/account?done=" + what)).build();
  }

  private static String notice(String done) {
    if ("added".equals(done)) {
      return "Your passkey was added.";
    }
    if ("removed".equals(done)) {
      return "The passkey was removed, and the sessions it had signed in were ended.";
    }
    return null;
  }
}
