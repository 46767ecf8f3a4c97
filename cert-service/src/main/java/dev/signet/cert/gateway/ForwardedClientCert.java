package dev.signet.cert.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The client certificate Envoy forwards in {@code x-forwarded-client-cert} (XFCC): elements
 * separated by commas (one per hop, the current client last), each {@code key=value} pairs
 * separated by semicolons, values optionally double-quoted; {@code Cert} is the URL-encoded PEM.
 */
final class ForwardedClientCert {

  /** Far above one URL-encoded PEM certificate (a few kB), below the HTTP header limit. */
  static final int MAX_HEADER = 16 * 1024;

  private ForwardedClientCert() {}

  /** The PEM of the current client's certificate, or empty when the header carries none. */
  static Optional<String> pem(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_HEADER) {
      return Optional.empty();
    }
    String last = lastElement(header);
    for (String pair : split(last, ';')) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = pair.substring(0, eq).trim();
      if (!key.equalsIgnoreCase("Cert")) {
        continue;
      }
      String value = unquote(pair.substring(eq + 1).trim());
      try {
        return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String lastElement(String header) {
    java.util.List<String> elements = split(header, ',');
    return elements.isEmpty() ? "" : elements.get(elements.size() - 1);
  }

  /** Splits on a separator outside double quotes. */
  private static java.util.List<String> split(String text, char separator) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replace("\\\"", "\"");
    }
    return value;
  }
}
