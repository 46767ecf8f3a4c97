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
 * Answers an authorization request whose query holds an encoded control character ({@code %00}) or
 * a broken escape before the service-wide guard would refuse it with OAuth JSON: a browser is on
 * the other end, so a bad client or redirect URI gets the HTML error page and, once both are
 * checked, the client hears {@code invalid_request} at its redirect URI like any other refusal.
 */
@ApplicationScoped
class AuthorizeQueryGuard {

  private final AuthorizeRequests requests;
  private final AuthorizeRedirects redirects;
  private final Template error;

  AuthorizeQueryGuard(
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
