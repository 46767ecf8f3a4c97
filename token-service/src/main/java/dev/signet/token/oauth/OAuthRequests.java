package dev.signet.token.oauth;

import dev.signet.token.client.ClientAddress;
import dev.signet.token.ratelimit.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

/** Builds an {@link OAuthRequest} and applies the per-address rate limit first. */
@ApplicationScoped
public class OAuthRequests {

  private final ClientAddress addresses;
  private final RateLimiter limiter;

  OAuthRequests(ClientAddress addresses, RateLimiter limiter) {
    this.addresses = addresses;
    this.limiter = limiter;
  }

  public OAuthRequest accept(MultivaluedMap<String, String> form, HttpServerRequest http) {
    String ip = addresses.of(http);
    limiter.checkIp(ip);
    return new OAuthRequest(
        form, http.getHeader("Authorization"), ip, http.getHeader("User-Agent"));
  }
}
