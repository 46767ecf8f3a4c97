package dev.signet.token.device;

import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import dev.signet.token.authorize.ScopeWords;
import dev.signet.token.client.ClientAddress;
import dev.signet.token.client.CodeClients;
import dev.signet.token.grant.Scopes;
import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import dev.signet.token.session.Csrf;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSession;
import dev.signet.token.session.PersonSessions;
import dev.signet.token.session.ReturnPath;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The device approval page at the advertised {@code verification_uri} ({@code /device}): the
 * signed-in person enters (or, from {@code verification_uri_complete}, confirms) a user code, sees
 * which client asks for what, from which address and when, and approves or denies it. It calls the
 * same {@link DeviceApproval} as the JSON API, so guessing draws on the same budgets.
 */
@Path("/device")
public class DevicePage {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final DeviceApproval approval;
  private final PersonSessions sessions;
  private final Csrf csrf;
  private final CodeClients codeClients;
  private final ScopeWords words;
  private final ClientAddress addresses;
  private final Template enter;
  private final Template confirm;
  private final Template done;

  DevicePage(
      DeviceApproval approval,
      PersonSessions sessions,
      Csrf csrf,
      CodeClients codeClients,
      ScopeWords words,
      ClientAddress addresses,
      @Location("pages/device-enter.html") Template enter,
      @Location("pages/device-confirm.html") Template confirm,
      @Location("pages/device-done.html") Template done) {
    this.approval = approval;
    this.sessions = sessions;
    this.csrf = csrf;
    this.codeClients = codeClients;
    this.words = words;
    this.addresses = addresses;
    this.enter = enter;
    this.confirm = confirm;
    this.done = done;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> show(@Context HttpServerRequest http) {
    List<String> codes = http.params().getAll("user_code");
    if (codes.size() > 1) {
      throw new PageException(400, "Enter one code.");
    }
    String entered = codes.isEmpty() ? null : codes.get(0);
    return sessions
        .current(http)
        .chain(
            session -> {
              if (session.isEmpty()) {
                return Uni.createFrom()
                    .item(
                        Response.seeOther(URI.create(ReturnPath.signInFor(http.uri())))
                            .header("Cache-Control", "no-store")
                            .build());
              }
              if (entered == null || entered.isBlank()) {
                return Uni.createFrom().item(html(enter.data("code", "").render()));
              }
              return approval
                  .show(session.get().userId(), entered, addresses.of(http))
                  .map(view -> html(confirmPage(view, session.get())))
                  .onFailure()
                  .transform(DevicePage::asPage);
            });
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> decide(
      MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    String token = single(form, Csrf.FIELD);
    String userCode = single(form, "user_code");
    String decision = single(form, "decision");
    return sessions
        .current(http)
        .chain(
            found -> {
              PersonSession session =
                  found.orElseThrow(
                      () ->
                          new PageException(
                              401, "Your session has ended. Sign in and enter the code again."));
              csrf.require(session, token, http);
              if (!"approve".equals(decision) && !"deny".equals(decision)) {
                throw new PageException(400, "Choose Approve or Deny.");
              }
              if (userCode == null) {
                throw new PageException(400, "Enter the code your device shows.");
              }
              return approval
                  .decide(
                      session.userId(), new DeviceDecision(userCode, decision), addresses.of(http))
                  .map(
                      view ->
                          html(
                              done.data("approved", DeviceCode.APPROVED.equals(view.status()))
                                  .data("clientName", clientName(view.clientId()))
                                  .data("userCode", view.userCode())
                                  .render()))
                  .onFailure()
                  .transform(DevicePage::asPage);
            });
  }

  private String confirmPage(DeviceRequestView view, PersonSession session) {
    return confirm
        .data("view", view)
        .data("clientName", clientName(view.clientId()))
        .data("scopes", words.describe(Scopes.parse(view.scope())))
        .data("requestedAt", when(view.requestedAt()))
        .data("expiresAt", when(view.expiresAt()))
        .data("csrf", session.csrfToken())
        .render();
  }

  /** The name a person knows the client by: the CLI's and console's, else its client id. */
  private String clientName(String clientId) {
    return codeClients.find(clientId).map(CodeClients.CodeClient::name).orElse(clientId);
  }

  private static String when(String instant) {
    return WHEN.format(Instant.parse(instant));
  }

  /** DeviceApproval speaks problem+json and OAuth; this page speaks HTML. */
  static Throwable asPage(Throwable failure) {
    if (failure instanceof PageException) {
      return failure;
    }
    if (failure instanceof OAuthException e && e.error() == OAuthError.RATE_LIMITED) {
      long minutes = Math.max(1, (e.retryAfterSeconds() + 59) / 60);
      return new PageException(
          429,
          "Too many wrong codes were tried. Wait "
              + minutes
              + (minutes == 1 ? " minute" : " minutes")
              + " and try again.");
    }
    if (failure instanceof ProblemException p) {
      int status = p.problem().status();
      if (status == 404) {
        return new PageException(
            404,
            "No waiting request has this code. Check it against your device: a code works once"
                + " and expires after a few minutes.");
      }
      if (status == 409) {
        return new PageException(409, "This request was answered already or has expired.");
      }
      if (status == 403) {
        return new PageException(403, p.problem().detail());
      }
    }
    return failure;
  }

  private static Response html(String body) {
    return Response.ok(body, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** A form field given once, bounded and free of control characters; else a 400 page. */
  static String single(MultivaluedMap<String, String> form, String name) {
    List<String> values = form == null ? null : form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.get(0);
    if (values.size() > 1 || value.length() > 256 || CleanText.hasControl(value)) {
      throw new PageException(400, "This form was altered. Reload the page and try again.");
    }
    return Optional.of(value).filter(v -> !v.isBlank()).orElse(null);
  }
}
