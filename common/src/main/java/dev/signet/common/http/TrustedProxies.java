package dev.signet.common.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which address a request comes from when proxies (an ingress) stand in front: the peer itself,
 * unless the peer is a configured trusted proxy; then the right-most address of {@code Forwarded}
 * (RFC 7239, {@code for=}) or, without it, {@code X-Forwarded-For} that is not itself a trusted
 * proxy. Everything left of that is the client's to write and is never believed. A hop that is not
 * an address literal ({@code unknown}, an obfuscated {@code _id}, garbage) ends the walk: the
 * answer is then the last trusted proxy, so a forged value can neither pick an address nor become a
 * rate-limit key. Addresses come back in canonical form.
 */
public final class TrustedProxies {

  /** More hops than any real chain of proxies; the rest of a longer header is ignored. */
  static final int MAX_HOPS = 32;

  private final List<IpRange> ranges;

  private TrustedProxies(List<IpRange> ranges) {
    this.ranges = ranges;
  }

  /**
   * Parses the configured CIDRs; an entry that is not an address or CIDR fails with a message
   * naming it, so a mistyped setting stops the start instead of trusting nothing (or everything).
   */
  public static TrustedProxies of(String setting, List<String> cidrs) {
    List<IpRange> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      if (cidr == null || cidr.isBlank()) {
        continue;
      }
      parsed.add(
          IpRange.parse(cidr)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          setting + ": '" + cidr.trim() + "' is not an IP address or CIDR range")));
    }
    return new TrustedProxies(List.copyOf(parsed));
  }

  public boolean trusts(String ip) {
    for (IpRange range : ranges) {
      if (range.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client address for a request from {@code peer} with these header values (every {@code
   * Forwarded} and every {@code X-Forwarded-For} line, in order; either may be empty).
   */
  public String clientAddress(String peer, List<String> forwarded, List<String> forwardedFor) {
    String client = IpRange.normalize(peer).orElse(peer == null ? "unknown" : peer);
    if (!trusts(client)) {
      return client;
    }
    List<String> hops = forwarded.isEmpty() ? xffHops(forwardedFor) : forwardedHops(forwarded);
    int seen = 0;
    for (int i = hops.size() - 1; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      Optional<String> hop = IpRange.normalize(hops.get(i));
      if (hop.isEmpty()) {
        return client; // garbage: stop at the last proxy we trust
      }
      client = hop.get();
      if (!trusts(client)) {
        return client;
      }
    }
    return client;
  }

  private static List<String> xffHops(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String hop : line.split(",", -1)) {
        hops.add(hop.trim());
      }
    }
    return hops;
  }

  /** The {@code for=} node of each element; an element without one counts as garbage. */
  private static List<String> forwardedHops(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String element : line.split(",", -1)) {
        String node = null;
        for (String pair : element.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
            node = node(pair.substring(eq + 1).trim());
          }
        }
        hops.add(node == null ? "" : node);
      }
    }
    return hops;
  }

  /**
   * RFC 7239 node: {@code 192.0.2.43}, {@code "192.0.2.43:47011"}, {@code "[2001:db8::1]:4711"};
   * the port is dropped. Anything else comes back as is and fails the literal check.
   */
  private static String node(String value) {
    String v = value;
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0) {
        return "";
      }
      String rest = v.substring(close + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
        return "";
      }
      return v.substring(1, close);
    }
    int colon = v.indexOf(':');
    if (colon >= 0 && colon == v.lastIndexOf(':')) {
      String port = v.substring(colon + 1);
      return port.matches("\\d{1,5}") ? v.substring(0, colon) : "";
    }
    return v;
  }
}
