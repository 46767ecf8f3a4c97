package dev.signet.token.authorize;

import dev.signet.token.client.CodeClients.CodeClient;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSession;
import dev.signet.token.session.PersonSessions;
import dev.signet.token.session.ReturnPath;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserScopes;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code GET /oauth2/authorize} (RFC 6749 section 4.1.1 with PKCE S256, RFC 9207 {@code iss}, RFC
 * 8252 loopback redirects): the signed-in person gets a code at once when their consent is on
 * record (or the client is Signet's own console), the consent page otherwise; a person not signed
 * in is sent to sign in and back here.
 */
@Path("/oauth2/authorize")
public class AuthorizeEndpoint {

  private static final Logger LOG = Logger.getLogger(AuthorizeEndpoint.class);

  private final AuthorizeRequests requests;
  private final AuthorizeRedirects redirects;
  private final PersonSessions sessions;
  private final UserDirectory users;
  private final UserScopes userScopes;
  private final UserConsents consents;
  private final AuthorizationCodes codes;
  private final PendingConsents pending;
  private final ScopeWords words;
  private final Template consentPage;
  private final Pool pool;
  private final Clock clock;

  AuthorizeEndpoint(
      AuthorizeRequests requests,
      AuthorizeRedirects redirects,
      PersonSessions sessions,
      UserDirectory users,
      UserScopes userScopes,
      UserConsents consents,
      AuthorizationCodes codes,
      PendingConsents pending,
      ScopeWords words,
      @Location("pages/consent.html") Template consentPage,
      Pool pool,
      Clock clock) {
    this.requests = requests;
    this.redirects = redirects;
    this.sessions = sessions;
    this.users = users;
    this.userScopes = userScopes;
    this.consents = consents;
    this.codes = codes;
    this.pending = pending;
    this.words = words;
    this.consentPage = consentPage;
    this.pool = pool;
    this.clock = clock;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> authorize(@Context HttpServerRequest http) {
    MultiMap params;
    try {
      params = http.params();
    } catch (IllegalArgumentException e) {
      throw new PageException(400, "This sign-in link is malformed. Start again from the app.");
    }
    AuthorizeRequests.Parsed parsed = requests.parse(http.query(), params);
    if (parsed instanceof AuthorizeRequests.Refused refused) {
      return Uni.createFrom().item(redirects.refused(refused));
    }
    AuthorizeRequest request = ((AuthorizeRequests.Valid) parsed).request();
    return sessions
        .current(http)
        .chain(
            session -> {
              if (session.isPresent()) {
                return answer(request, session.get());
              }
              if (request.promptNone()) {
                return Uni.createFrom()
                    .item(
                        redirects.error(
                            request.redirectUri(),
                            AuthorizeError.LOGIN_REQUIRED,
                            "Nobody is signed in.",
                            request.state()));
              }
              return Uni.createFrom()
                  .item(
                      Response.seeOther(URI.create(ReturnPath.signInFor(http.uri())))
                          .header("Cache-Control", "no-store")
                          .build());
            })
        .onFailure(failure -> !(failure instanceof PageException))
        .recoverWithItem(
            failure -> {
              // The request was checked, so the client can hear that we could not answer.
              LOG.warnf(
                  "authorization request for client %s failed: %s",
                  request.client().clientId(), failure.getClass().getSimpleName());
              return redirects.error(
                  request.redirectUri(),
                  AuthorizeError.TEMPORARILY_UNAVAILABLE,
                  "Signet cannot answer right now; try again.",
                  request.state());
            });
  }

  /** A signed-in person: a code now, or the consent page. */
  private Uni<Response> answer(AuthorizeRequest request, PersonSession session) {
    return users
        .find(session.userId())
        .chain(
            found -> {
              if (found.isEmpty() || !found.get().active()) {
                throw new PageException(403, "This account cannot sign in to applications.");
              }
              List<String> scopes = scopesFor(request, userScopes.of(found.get().roles()));
              CodeClient client = request.client();
              Uni<Boolean> covered =
                  client.firstParty()
                      ? Uni.createFrom().item(true)
                      : consents.covers(session.userId(), client.clientId(), scopes);
              return covered.chain(
                  ok -> {
                    if (ok && !request.promptConsent()) {
                      return issue(request, session, scopes);
                    }
                    if (request.promptNone()) {
                      return Uni.createFrom()
                          .item(
                              redirects.error(
                                  request.redirectUri(),
                                  AuthorizeError.CONSENT_REQUIRED,
                                  "The person has not allowed this yet.",
                                  request.state()));
                    }
                    return Uni.createFrom().item(consentPage(request, session, scopes));
                  });
            });
  }

  /**
   * What the client would get: the scopes asked for that the person's roles give ({@code openid}
   * always, it names them only), all of their roles' scopes when none were named.
   */
  static List<String> scopesFor(AuthorizeRequest request, Set<String> roleScopes) {
    if (!request.scopeNamed()) {
      return roleScopes.stream().sorted().toList();
    }
    Set<String> allowed = new HashSet<>(roleScopes);
    allowed.add(AuthorizationCodeGrant.OPENID);
    return request.scopes().stream().filter(allowed::contains).sorted().toList();
  }

  private Uni<Response> issue(
      AuthorizeRequest request, PersonSession session, List<String> scopes) {
    Instant now = Instant.now(clock);
    return codes
        .issue(
            pool,
            new AuthorizationCodes.Approval(
                request.client().clientId(),
                session.userId(),
                session.userVer(),
                session.sessionId().toString(),
                request.redirectUri(),
                String.join(" ", scopes),
                request.codeChallenge(),
                request.nonce(),
                session.authTime()),
            now)
        .map(code -> redirects.code(request.redirectUri(), code, request.state()));
  }

  private Response consentPage(
      AuthorizeRequest request, PersonSession session, List<String> scopes) {
    String html =
        consentPage
            .data("clientName", request.client().name())
            .data("scopes", words.describe(scopes))
            .data("destination", destination(request.redirectUri()))
            .data("csrf", session.csrfToken())
            .data("request", pending.seal(request, scopes, session.sessionId()))
            .render();
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .header(
            "Content-Security-Policy",
            AuthorizePageHeaders.consentPolicy(origin(request.redirectUri())))
        .build();
  }

  /**
   * The redirect URI's origin as a CSP source. The URI passed {@link RedirectUris} (printable
   * ASCII, exactly registered or a loopback literal), so its host holds no CSP delimiter.
   */
  static String origin(String redirectUri) {
    URI uri = URI.create(redirectUri);
    String host = uri.getHost();
    if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
      throw new PageException(400, "This application's address cannot be used.");
    }
    return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /** Where the answer goes, as a person can judge it: the scheme, host and port. */
  static String destination(String redirectUri) {
    URI uri = URI.create(redirectUri);
    if (RedirectUris.loopback(redirectUri)) {
      return "an app on this computer (" + uri.getHost() + ":" + uri.getPort() + ")";
    }
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
