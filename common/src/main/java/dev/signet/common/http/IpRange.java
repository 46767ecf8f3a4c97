package dev.signet.common.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address or CIDR range, for allow-lists and trusted proxies. */
public record IpRange(byte[] network, int prefixLength) {

  /** Parses {@code 10.0.0.0/8}, {@code 192.0.2.7} or {@code ::1/128}; empty when it is neither. */
  public static Optional<IpRange> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String[] parts = text.trim().split("/", 2);
    Optional<byte[]> address = literal(parts[0]);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (prefix < 0 || prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new IpRange(address.get(), prefix));
  }

  /** The canonical text of an address literal ({@code 2001:db8:0:0:0:0:0:1}), or empty. */
  public static Optional<String> normalize(String ip) {
    return literal(ip)
        .map(
            bytes -> {
              try {
                return InetAddress.getByAddress(bytes).getHostAddress();
              } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  public boolean contains(String ip) {
    Optional<byte[]> candidate = literal(ip);
    if (candidate.isEmpty() || candidate.get().length != network.length) {
      return false;
    }
    byte[] c = candidate.get();
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (c[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (c[full] & mask) == (network[full] & mask);
  }

  /**
   * The address bytes of an IPv4 or IPv6 literal (brackets allowed), empty for anything else. Only
   * literals: a host name must never trigger a DNS lookup here.
   */
  public static Optional<byte[]> literal(String text) {
    if (text == null || text.length() > 64) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    // InetAddress takes "999.1.1.1" for a host name and looks it up: refuse it first.
    if (v4 && !octets(s)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean octets(String dotted) {
    for (String octet : dotted.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }
}
