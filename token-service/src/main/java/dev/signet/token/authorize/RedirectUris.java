package dev.signet.token.authorize;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;

/**
 * Which redirect URIs a client may use. Registered URIs match exactly; a public native client (the
 * CLI) may use any loopback IP literal with any port (RFC 8252 section 7.3), never the name {@code
 * localhost}: a name can resolve elsewhere (RFC 8252 section 8.3).
 */
public final class RedirectUris {

  private RedirectUris() {}

  /**
   * Whether {@code uri} is {@code http://127.0.0.1:<port>/...} or {@code http://[::1]:<port>/...}.
   */
  public static boolean loopback(String uri) {
    URI parsed = parse(uri);
    if (parsed == null || !"http".equals(parsed.getScheme()) || parsed.getRawFragment() != null) {
      return false;
    }
    if (parsed.getRawUserInfo() != null || parsed.getPort() < 1 || parsed.getPort() > 65535) {
      return false;
    }
    String host = parsed.getHost();
    String path = parsed.getRawPath();
    return ("127.0.0.1".equals(host) || "[::1]".equals(host))
        && path != null
        && path.startsWith("/");
  }

  /** Whether {@code uri} may be used: exactly registered, or loopback when loopback is allowed. */
  public static boolean allowed(
      String uri, Collection<String> registered, boolean loopbackAllowed) {
    if (uri == null || uri.length() > 2000 || !printableAscii(uri)) {
      return false;
    }
    if (registered.contains(uri)) {
      return true;
    }
    return loopbackAllowed && loopback(uri);
  }

  private static boolean printableAscii(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static URI parse(String uri) {
    if (uri == null) {
      return null;
    }
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
