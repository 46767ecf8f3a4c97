package dev.signet.token.session;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CSRF checks for every form POST of a session: the synchronizer token from the form's hidden
 * {@value #FIELD} field must equal the session's (constant-time), and an {@code Origin} header,
 * when the browser sends one, must be the issuer's own origin.
 */
@ApplicationScoped
public class Csrf {

  public static final String FIELD = "csrf";

  private final String origin;
  private final java.util.Set<String> accepted;

  Csrf(
      @ConfigProperty(name = "signet.issuer", defaultValue = "http://127.0.0.1:8081") String issuer,
      PagesConfig pages) {
    this.origin = originOf(issuer);
    java.util.Set<String> origins = new java.util.HashSet<>();
    origins.add(origin);
    pages.origins().ifPresent(list -> list.forEach(o -> origins.add(originOf(o))));
    this.accepted = java.util.Set.copyOf(origins);
  }

  static String originOf(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(java.util.Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /** The issuer's origin, for the CSP's form-action and for comparing Origin headers. */
  public java.util.Set<String> acceptedOrigins() {
    return accepted;
  }

  /** The issuer's origin. */
  public String origin() {
    return origin;
  }

  /** Throws a 403 page error unless the POST carries the session's token from our own origin. */
  public void require(PersonSession session, String formValue, HttpServerRequest request) {
    requireOrigin(request);
    if (!matches(session.csrfToken(), formValue)) {
      throw new PageException(
          403,
          "This form has expired or did not come from this site. Reload the page and try again.");
    }
  }

  /** The Origin check alone, for POSTs made before a session exists (sign-in, welcome). */
  public void requireOrigin(HttpServerRequest request) {
    String presented = request.getHeader("Origin");
    if (presented != null && !accepted.contains(presented)) {
      throw new PageException(403, "This form did not come from this site.");
    }
  }

  static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
