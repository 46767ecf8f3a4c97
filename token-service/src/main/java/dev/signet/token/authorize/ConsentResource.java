package dev.signet.token.authorize;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.input.CleanText;
import dev.signet.token.client.ClientAddress;
import dev.signet.token.client.CodeClients;
import dev.signet.token.client.CodeClients.CodeClient;
import dev.signet.token.session.Csrf;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSession;
import dev.signet.token.session.PersonSessions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /consent}: the person's Allow or Deny on the consent page. The request it answers
 * comes from the page's seal ({@link PendingConsents}), never from loose form fields; the CSRF
 * token and the session are checked before anything is stored. Allow records the consent and issues
 * the code in one transaction.
 */
@Path("/consent")
public class ConsentResource {

  private final PersonSessions sessions;
  private final Csrf csrf;
  private final PendingConsents pending;
  private final CodeClients clients;
  private final UserConsents consents;
  private final AuthorizationCodes codes;
  private final AuthorizeRedirects redirects;
  private final AuditRecorder audit;
  private final ClientAddress addresses;
  private final Pool pool;
  private final Clock clock;

  ConsentResource(
      PersonSessions sessions,
      Csrf csrf,
      PendingConsents pending,
      CodeClients clients,
      UserConsents consents,
      AuthorizationCodes codes,
      AuthorizeRedirects redirects,
      AuditRecorder audit,
      ClientAddress addresses,
      Pool pool,
      Clock clock) {
    this.sessions = sessions;
    this.csrf = csrf;
    this.pending = pending;
    this.clients = clients;
    this.consents = consents;
    this.codes = codes;
    this.redirects = redirects;
    this.audit = audit;
    this.addresses = addresses;
    this.pool = pool;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> answer(
      MultivaluedMap<String, String> form, @Context HttpServerRequest http) {
    String token = single(form, Csrf.FIELD);
    String sealed = single(form, "request");
    String decision = single(form, "decision");
    return sessions
        .current(http)
        .chain(
            found -> {
              PersonSession session =
                  found.orElseThrow(
                      () ->
                          new PageException(
                              401,
                              "Your session has ended. Sign in, then start again from the app."));
              csrf.require(session, token, http);
              PendingConsents.Pending request =
                  pending
                      .open(sealed, session.sessionId())
                      .orElseThrow(
                          () ->
                              new PageException(
                                  400,
                                  "This consent page has expired or was altered. Start again"
                                      + " from the app."));
              CodeClient client =
                  clients
                      .find(request.clientId())
                      .filter(
                          c ->
                              RedirectUris.allowed(
                                  request.redirectUri(), c.redirectUris(), c.loopbackRedirects()))
                      .orElseThrow(
                          () -> new PageException(400, "This application is no longer known."));
              if ("allow".equals(decision)) {
                return allow(session, client, request, addresses.of(http));
              }
              if ("deny".equals(decision)) {
                return deny(session, client, request, addresses.of(http));
              }
              throw new PageException(400, "Choose Allow or Deny.");
            });
  }

  private Uni<Response> allow(
      PersonSession session, CodeClient client, PendingConsents.Pending request, String ip) {
    Instant now = Instant.now(clock);
    String scope = String.join(" ", request.scopes());
    return pool.withTransaction(
            tx ->
                consents
                    .grant(tx, session.userId(), client.clientId(), request.scopes(), now)
                    .call(
                        () ->
                            audit.record(
                                tx,
                                AuditEvent.builder("consent.granted")
                                    .actor(session.userId().toString())
                                    .subject(session.userId().toString())
                                    .target("client/" + client.clientId())
                                    .attribute("client_id", client.clientId())
                                    .attribute("scope", scope)
                                    .attribute("ip", ip)))
                    .chain(
                        () ->
                            codes.issue(
                                tx,
                                new AuthorizationCodes.Approval(
                                    client.clientId(),
                                    session.userId(),
                                    session.userVer(),
                                    session.sessionId().toString(),
                                    request.redirectUri(),
                                    scope,
                                    request.codeChallenge(),
                                    request.nonce(),
                                    session.authTime()),
                                now)))
        .map(code -> redirects.code(request.redirectUri(), code, request.state()));
  }

  private Uni<Response> deny(
      PersonSession session, CodeClient client, PendingConsents.Pending request, String ip) {
    return audit
        .recordAlone(
            AuditEvent.builder("consent.denied")
                .actor(session.userId().toString())
                .subject(session.userId().toString())
                .target("client/" + client.clientId())
                .attribute("client_id", client.clientId())
                .attribute("scope", String.join(" ", request.scopes()))
                .attribute("ip", ip))
        .map(
            recorded ->
                redirects.error(
                    request.redirectUri(),
                    AuthorizeError.ACCESS_DENIED,
                    "The person did not allow it.",
                    request.state()));
  }

  /** A form field given once, bounded and free of control characters; else a 400 page. */
  static String single(MultivaluedMap<String, String> form, String name) {
    List<String> values = form == null ? null : form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.get(0);
    if (values.size() > 1
        || value.length() > PendingConsents.MAX_SEALED
        || CleanText.hasControl(value)) {
      throw new PageException(400, "This form was altered. Reload the page and try again.");
    }
    return value;
  }
}
