package dev.signet.token.authorize;

import dev.signet.common.input.CleanText;
import dev.signet.token.session.PageException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The pages' security headers on every {@code /oauth2/authorize} answer, with the strict CSP unless
 * the answer sets its own (the consent page sets one whose form-action also names the redirect
 * origin, see {@link #consentPolicy}), and answers an authorization request whose query holds an
 * encoded control character ({@code %00}) or a broken escape before the service-wide guard would
 * refuse it with OAuth JSON: a browser is on the other end, so a bad client or redirect URI gets
 * the HTML error page and, once both are checked, the client hears {@code invalid_request} at its
 * redirect URI like any other refusal.
 */
@ApplicationScoped
class AuthorizePageHeaders {

  /** The pages' policy (application.properties, quarkus.http.filter.pages) without form-action. */
  static final String BASE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; frame-ancestors 'none'; base-uri 'none'";

  static final String POLICY = BASE_POLICY + "; form-action 'self'";

  /**
   * The consent page's policy: its form posts to us, and the answer redirects to the client, which
   * the browser checks against form-action too.
   */
  static String consentPolicy(String redirectOrigin) {
    return BASE_POLICY + "; form-action 'self' " + redirectOrigin;
  }

  private final AuthorizeRequests requests;
  private final AuthorizeRedirects redirects;
  private final Template error;

  AuthorizePageHeaders(
      AuthorizeRequests requests,
      AuthorizeRedirects redirects,
      @Location("pages/error.html") Template error) {
    this.requests = requests;
    this.redirects = redirects;
    this.error = error;
  }

  void install(@Observes Router router) {
    // Before common's RouterProblemHandlers guard (Integer.MIN_VALUE + 1).
    router.route("/oauth2/authorize").order(Integer.MIN_VALUE).handler(this::guard);
  }

  private void guard(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v -> {
          var headers = ctx.response().headers();
          if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", POLICY);
          }
          // As quarkus.http.filter.pages sets them on the other pages.
          headers.set("Cache-Control", "no-store");
          headers.set("Referrer-Policy", "no-referrer");
          headers.set("X-Content-Type-Options", "nosniff");
          headers.set("X-Frame-Options", "DENY");
        });
    if (CleanText.isCleanPercentEncoding(ctx.request().uri())) {
      ctx.next();
      return;
    }
    try {
      MultiMap params;
      try {
        params = ctx.queryParams();
      } catch (IllegalArgumentException e) {
        throw new PageException(400, "This sign-in link is malformed. Start again from the app.");
      }
      if (requests.parse(ctx.request().query(), params)
          instanceof AuthorizeRequests.Refused refused) {
        ctx.response()
            .setStatusCode(303)
            .putHeader("Location", redirects.errorLocation(refused))
            .putHeader("Cache-Control", "no-store")
            .end();
        return;
      }
      // Every parameter is checked for control characters, so this is not reached; the
      // service-wide guard refuses it if it ever is.
      ctx.next();
    } catch (PageException refusal) {
      ctx.response()
          .setStatusCode(refusal.status())
          .putHeader("Content-Type", "text/html;charset=UTF-8")
          .putHeader("Cache-Control", "no-store")
          .end(
              error
                  .data("heading", "This request cannot be used")
                  .data("detail", refusal.getMessage())
                  .data("signIn", false)
                  .render());
    }
  }
}
