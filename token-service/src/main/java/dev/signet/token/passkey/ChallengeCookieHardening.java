package dev.signet.token.passkey;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Marks the WebAuthn extension's challenge cookie HttpOnly: the extension sets it without, and no
 * script of ours needs to read it (it is encrypted, but a page's script has no business with it).
 * Runs as the response's headers are written, before Vert.x serializes the cookies.
 */
@ApplicationScoped
public class ChallengeCookieHardening {

  private final String name;

  ChallengeCookieHardening(
      @ConfigProperty(name = "quarkus.webauthn.challenge-cookie-name") String name) {
    this.name = name;
  }

  void install(@Observes Router router) {
    router
        .route()
        .pathRegex("/(signin|account)(/.*)?")
        .order(Integer.MIN_VALUE + 20)
        .handler(
            ctx -> {
              ctx.addHeadersEndHandler(
                  ignored -> {
                    for (Cookie cookie : ctx.request().cookies(name)) {
                      // Only the one this response sets; the browser's own copy is not re-sent.
                      if (cookie instanceof ServerCookie set && set.isChanged()) {
                        cookie.setHttpOnly(true);
                      }
                    }
                  });
              ctx.next();
            });
  }
}
