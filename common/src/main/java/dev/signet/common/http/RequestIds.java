package dev.signet.common.http;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@value #HEADER} when it is a plain token (a proxy or
 * another Signet service set it), else a new UUID. It goes into the logging MDC as {@value
 * #MDC_KEY}, so every log line of the request carries it (the prod JSON log includes the MDC), and
 * back in the response header, so a client can quote it. Quarkus keeps the MDC on the request's
 * Vert.x context, across its asynchronous steps.
 */
@ApplicationScoped
public class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "request_id";

  /** Anything else (too long, spaces, control characters) could forge log lines: replaced. */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            ctx -> {
              String id = accepted(ctx.request().getHeader(HEADER));
              MDC.put(MDC_KEY, id);
              ctx.response().putHeader(HEADER, id);
              ctx.next();
            });
  }

  /** The current request's id, or {@code null} outside a request. */
  public static String current() {
    Object id = MDC.get(MDC_KEY);
    return id == null ? null : id.toString();
  }

  static String accepted(String presented) {
    return presented != null && ACCEPTED.matcher(presented).matches()
        ? presented
        : UUID.randomUUID().toString();
  }
}
