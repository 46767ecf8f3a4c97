package dev.signet.token.client;

import dev.signet.common.http.TrustedProxies;
import dev.signet.token.config.TokenConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The address a request comes from: the peer, or with forwarding enabled and the peer a trusted
 * proxy, the right-most {@code Forwarded}/{@code X-Forwarded-For} address that is not itself a
 * trusted proxy (common's {@link TrustedProxies}, the rule every service shares).
 */
@ApplicationScoped
public class ClientAddress {

  private final boolean forwardedFor;
  private final TrustedProxies trustedProxies;

  ClientAddress(TokenConfig config) {
    this.forwardedFor = config.forwardedFor().enabled();
    this.trustedProxies =
        TrustedProxies.of(
            "signet.token.forwarded-for.trusted-proxies", config.forwardedFor().trustedProxies());
  }

  public String of(HttpServerRequest request) {
    String peer =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    if (!forwardedFor) {
      return peer;
    }
    return trustedProxies.clientAddress(
        peer, request.headers().getAll("Forwarded"), request.headers().getAll("X-Forwarded-For"));
  }
}
