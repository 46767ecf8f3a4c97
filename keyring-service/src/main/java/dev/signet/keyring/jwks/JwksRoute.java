package dev.signet.keyring.jwks;

import dev.signet.common.error.SafeFailures;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * {@code GET /.well-known/jwks.json} straight from memory on the event loop: strong ETag, {@code
 * Cache-Control: public, max-age=N} bounded by the next key-state change, 304 on a matching {@code
 * If-None-Match}.
 */
@ApplicationScoped
public class JwksRoute {

  public static final String PATH = "/.well-known/jwks.json";
  private static final Logger LOG = Logger.getLogger(JwksRoute.class);

  private final JwksCache cache;
  private final Clock clock;

  JwksRoute(JwksCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  void install(@Observes Router router) {
    router.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    cache
        .current()
        .subscribe()
        .with(
            snapshot -> {
              long maxAge = snapshot.maxAgeSeconds(clock.instant());
              var response =
                  ctx.response()
                      .putHeader("ETag", snapshot.etag())
                      .putHeader("Cache-Control", "public, max-age=" + maxAge);
              if (matches(ctx.request().getHeader("If-None-Match"), snapshot.etag())) {
                response.setStatusCode(304).end();
                return;
              }
              response
                  .putHeader("Content-Type", "application/json")
                  .end(Buffer.buffer(snapshot.body()));
            },
            failure -> {
              LOG.warnf("JWKS unavailable: %s", SafeFailures.describe(failure));
              ctx.response()
                  .setStatusCode(503)
                  .putHeader("Content-Type", "application/problem+json")
                  .putHeader("Retry-After", "1")
                  .end(
                      "{\"type\":\"https://signet.dev/problems/unavailable\",\"title\":\"Service"
                          + " temporarily unavailable\",\"status\":503,\"detail\":\"The key set"
                          + " cannot be loaded.\",\"instance\":\""
                          + PATH
                          + "\"}");
            });
  }

  /** RFC 9110 If-None-Match: a list of entity tags or {@code *}, compared weakly. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
