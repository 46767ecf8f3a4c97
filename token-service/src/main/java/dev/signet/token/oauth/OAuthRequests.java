package dev.signet.token.oauth;

import dev.signet.token.client.ClientAddress;
import dev.signet.token.ratelimit.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds an {@link OAuthRequest}: applies the per-address rate limit first, then parses the form
 * body strictly ({@link FormBody}).
 */
@ApplicationScoped
public class OAuthRequests {

  private final ClientAddress addresses;
  private final RateLimiter limiter;

  OAuthRequests(ClientAddress addresses, RateLimiter limiter) {
    this.addresses = addresses;
    this.limiter = limiter;
  }

  public OAuthRequest accept(byte[] body, HttpServerRequest http) {
    String ip = addresses.of(http);
    limiter.checkIp(ip);
    return new OAuthRequest(
        FormBody.parse(http.getHeader("Content-Type"), body),
        http.getHeader("Authorization"),
        ip,
        http.getHeader("User-Agent"));
  }
}
