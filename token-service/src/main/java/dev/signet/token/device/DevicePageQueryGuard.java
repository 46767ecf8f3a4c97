package dev.signet.token.device;

import dev.signet.common.input.CleanText;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A device page URL with an encoded control character ({@code %00}) is refused with the HTML error
 * page, not the problem+json the service-wide guard would send: a person reads this one.
 */
@ApplicationScoped
class DevicePageQueryGuard {

  private final Template error;

  DevicePageQueryGuard(@Location("pages/error.html") Template error) {
    this.error = error;
  }

  void install(@Observes Router router) {
    // Before common's RouterProblemHandlers guard (Integer.MIN_VALUE + 1).
    router.route("/device").order(Integer.MIN_VALUE).handler(this::guard);
  }

  private void guard(RoutingContext ctx) {
    if (CleanText.isCleanPercentEncoding(ctx.request().uri())) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(400)
        .putHeader("Content-Type", "text/html;charset=UTF-8")
        .putHeader("Cache-Control", "no-store")
        .end(
            error
                .data("heading", "This request cannot be used")
                .data(
                    "detail",
                    "That code holds characters no code has. Enter the code your device shows.")
                .data("signIn", false)
                .render());
  }
}
