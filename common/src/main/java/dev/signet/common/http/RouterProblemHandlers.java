package dev.signet.common.http;

import dev.signet.common.config.ServiceConfig;
import dev.signet.common.error.ErrorResponses;
import dev.signet.common.error.OAuthErrorBody;
import dev.signet.common.error.Problem;
import dev.signet.common.input.CleanText;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Errors that happen before a request reaches a JAX-RS resource (no route matched, body over the
 * limit) still answer in the API's error format instead of Vert.x's plain text.
 */
@ApplicationScoped
public class RouterProblemHandlers {

  private final ServiceConfig config;

  RouterProblemHandlers(ServiceConfig config) {
    this.config = config;
  }

  void install(@Observes Router router) {
    // Refuse an oversized body by its declared length before anything reads it.
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length != null && exceeds(length)) {
                ctx.request().pause();
                send(ctx, tooLarge());
              } else {
                ctx.next();
              }
            });
    // A path or query with broken percent-encoding or an encoded control character (%00) is the
    // client's mistake: refuse it before any handler decodes it or binds it to SQL.
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            ctx -> {
              String uri = ctx.request().uri();
              if (!CleanText.isCleanPercentEncoding(uri)) {
                send(
                    ctx,
                    Problem.of(
                        400,
                        "bad-request",
                        "Bad request",
                        "The path or query has broken percent-encoding or control characters."));
              } else {
                ctx.next();
              }
            });
    router.errorHandler(
        404,
        ctx -> send(ctx, Problem.of(404, "not-found", "Not found", "No resource at this path.")));
    router.errorHandler(413, ctx -> send(ctx, tooLarge()));
  }

  private boolean exceeds(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > config.maxBodyBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Problem tooLarge() {
    return Problem.of(
        413,
        "body-too-large",
        "Request body too large",
        "The body exceeds the limit of " + config.maxBodyBytes() + " bytes.");
  }

  private static void send(RoutingContext ctx, Problem problem) {
    if (ctx.response().headWritten()) {
      return;
    }
    String path = ctx.normalizedPath();
    boolean oauth = ErrorResponses.isOAuthPath(path);
    Object body =
        oauth
            ? new OAuthErrorBody("invalid_request", problem.detail())
            : problem.withInstance(path);
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", oauth ? "application/json" : Problem.MEDIA_TYPE)
        .putHeader("Connection", problem.status() == 413 ? "close" : "keep-alive")
        .end(Json.encode(body));
  }
}
