package dev.signet.admin.ratelimit;

import dev.signet.common.http.TrustedProxies;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The address a budget is drawn for: the peer, or when the peer is a configured trusted proxy, the
 * right-most forwarded address that is not one (common's {@link TrustedProxies} rule).
 */
@ApplicationScoped
public class RequestAddress {

  private final TrustedProxies proxies;
  private final boolean forwarding;

  RequestAddress(BudgetConfig config) {
    List<String> cidrs = config.trustedProxies().orElse(List.of());
    this.proxies = TrustedProxies.of("signet.admin.rate-limit.trusted-proxies", cidrs);
    this.forwarding = !cidrs.isEmpty();
  }

  public String of(HttpServerRequest request) {
    String peer =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    if (!forwarding) {
      return peer;
    }
    return proxies.clientAddress(
        peer, request.headers().getAll("Forwarded"), request.headers().getAll("X-Forwarded-For"));
  }
}
