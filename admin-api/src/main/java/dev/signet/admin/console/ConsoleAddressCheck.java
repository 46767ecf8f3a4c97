package dev.signet.admin.console;

import dev.signet.common.input.CleanText;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A console address with an encoded control character (a NUL typed into a filter) or broken
 * percent-encoding gets a readable page. The service-wide check in {@code RouterProblemHandlers}
 * refuses the same addresses with problem+json, which suits the APIs but not a person; this one
 * runs before it, on console paths only, and refuses exactly what it would refuse.
 */
@ApplicationScoped
class ConsoleAddressCheck {

  private final Template error;

  ConsoleAddressCheck(@Location("console/error.html") Template error) {
    this.error = error;
  }

  void install(@Observes Router router) {
    router
        .route()
        .pathRegex("/console(-signed-out)?(/.*)?")
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              if (CleanText.isCleanPercentEncoding(ctx.request().uri())) {
                ctx.next();
                return;
              }
              ctx.response()
                  .setStatusCode(400)
                  .putHeader("Content-Type", "text/html;charset=UTF-8")
                  .end(
                      error
                          .data("heading", "Address not understood")
                          .data(
                              "detail",
                              "The address holds a control character (such as NUL) or broken"
                                  + " percent-encoding, so it was not used. Go back, remove it"
                                  + " from the filter and try again.")
                          .data("signInAgain", false)
                          .render());
            });
  }
}
