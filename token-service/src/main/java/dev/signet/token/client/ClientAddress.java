package dev.signet.token.client;

import dev.signet.token.config.TokenConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The address a request comes from: the peer, or with X-Forwarded-For enabled and the peer a
 * trusted proxy, the rightmost forwarded address that is not itself a trusted proxy.
 */
@ApplicationScoped
public class ClientAddress {

  private final boolean forwardedFor;
  private final List<IpRange> trustedProxies;

  ClientAddress(TokenConfig config) {
    this.forwardedFor = config.forwardedFor().enabled();
    this.trustedProxies =
        config.forwardedFor().trustedProxies().stream()
            .map(IpRange::parse)
            .flatMap(Optional::stream)
            .toList();
  }

  public String of(HttpServerRequest request) {
    String peer =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    if (!forwardedFor || !trusted(peer)) {
      return peer;
    }
    List<String> header = request.headers().getAll("X-Forwarded-For");
    String client = peer;
    for (int h = header.size() - 1; h >= 0; h--) {
      String[] hops = header.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (hop.isEmpty()) {
          continue;
        }
        client = hop;
        if (!trusted(hop)) {
          return hop;
        }
      }
    }
    return client;
  }

  private boolean trusted(String ip) {
    for (IpRange range : trustedProxies) {
      if (range.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
