package dev.signet.token.passkey;

import dev.signet.token.session.Csrf;
import dev.signet.token.session.PagesConfig;
import dev.signet.token.session.PersonSessions;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The invite link's target. GET only shows a Continue button: mail scanners fetch links, and a
 * fetch must not use up the invite. The POST redeems it through admin-api, opens a short session
 * for the person and shows "Create your passkey" with, once, the key enrollment token for the CLI.
 */
@Path("/welcome")
@Produces(MediaType.TEXT_HTML)
public class WelcomePage {

  static final String METHOD = "invite";

  private final Template welcome;
  private final Template enroll;
  private final InviteRedeemer redeemer;
  private final PersonSessions sessions;
  private final Csrf csrf;
  private final String issuer;
  private final Duration lifetime;

  WelcomePage(
      @Location("pages/welcome.html") Template welcome,
      @Location("pages/welcome-passkey.html") Template enroll,
      InviteRedeemer redeemer,
      PersonSessions sessions,
      Csrf csrf,
      PagesConfig pages,
      @ConfigProperty(name = "signet.issuer") String issuer) {
    this.welcome = welcome;
    this.enroll = enroll;
    this.redeemer = redeemer;
    this.sessions = sessions;
    this.csrf = csrf;
    this.issuer = issuer;
    this.lifetime = pages.inviteSessionLifetime();
  }

  @GET
  public String show(@QueryParam("invite") String invite, @QueryParam("token") String token) {
    InviteLink link = InviteLink.parse(invite, token);
    return welcome.data("invite", link.invite().toString()).data("token", link.token()).render();
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> redeem(
      @FormParam("invite") String invite,
      @FormParam("token") String token,
      @Context HttpServerRequest request) {
    csrf.requireOrigin(request);
    InviteLink link = InviteLink.parse(invite, token);
    return redeemer
        .redeem(link)
        .chain(
            redemption ->
                sessions
                    .start(redemption.userId(), METHOD, null, request, lifetime)
                    .map(
                        started ->
                            Response.ok(
                                    enroll
                                        .data("email", redemption.email())
                                        .data("csrf", started.session().csrfToken())
                                        .data("enrollmentToken", redemption.keyEnrollmentToken())
                                        .data(
                                            "enrollmentExpires",
                                            redemption.keyEnrollmentTokenExpiresAt())
                                        .data("issuer", issuer)
                                        .render())
                                .header(HttpHeaders.SET_COOKIE, started.setCookie())
                                .build()));
  }
}
