package dev.signet.token.session;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sends a browser that opens a page under another name of this server to the one origin the pages
 * live on ({@code signet.token.pages.canonical-origin}). Cookies belong to a host name and passkeys
 * to a relying party, so a person who signed in at {@code http://localhost:8081} has no session at
 * {@code http://127.0.0.1:8081}, where the issuer (and so the authorization endpoint) may be, and
 * passkeys cannot be used on an IP address at all. Only GETs move (a form POST is already on the
 * page's own origin), and the target is the configured origin, never the request's Host header.
 */
@ApplicationScoped
public class CanonicalPageOrigin {

  private static final Pattern PAGE_PATHS =
      Pattern.compile("/(signin|welcome|account|device|consent|oauth2/authorize)(/.*)?");

  private final Optional<String> canonical;

  CanonicalPageOrigin(PagesConfig config) {
    this.canonical = config.canonicalOrigin().map(Csrf::originOf);
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> redirect(HttpServerRequest request) {
    return target(
            request.method() == HttpMethod.GET,
            request.path(),
            request.uri(),
            request.scheme(),
            request.getHeader("Host"))
        .map(
            location ->
                Response.seeOther(URI.create(location))
                    .header("Cache-Control", "no-store")
                    .build());
  }

  /** Where to send the browser, or empty to serve the request here. */
  Optional<String> target(
      boolean get, String path, String pathAndQuery, String scheme, String authority) {
    if (canonical.isEmpty() || !get || path == null || !PAGE_PATHS.matcher(path).matches()) {
      return Optional.empty();
    }
    if (authority == null || scheme == null) {
      return Optional.empty();
    }
    String here = scheme.toLowerCase(Locale.ROOT) + "://" + authority.toLowerCase(Locale.ROOT);
    if (sameOrigin(here, canonical.get())) {
      return Optional.empty();
    }
    return ReturnPath.safe(pathAndQuery).map(local -> canonical.get() + local);
  }

  private static boolean sameOrigin(String here, String canonical) {
    try {
      return Csrf.originOf(here).equals(canonical);
    } catch (RuntimeException e) {
      // A Host header that is no authority at all: serve nothing special, the page refuses later.
      return true;
    }
  }
}
