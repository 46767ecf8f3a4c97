package dev.signet.token.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a page sends the person after sign-in: only a path on this site ({@code /device?...},
 * {@code /oauth2/authorize?...}), so a {@code return} parameter can never become an open redirect
 * (no scheme, no {@code //host}, no backslash tricks, no control characters).
 */
public final class ReturnPath {

  /** Long enough for an authorize request with its PKCE challenge, state and nonce. */
  static final int MAX_LENGTH = 4096;

  private static final String HOME = "/account";

  private ReturnPath() {}

  /** The path when it is a safe local one, else empty. */
  public static Optional<String> safe(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    if (candidate.charAt(0) != '/' || candidate.startsWith("//") || candidate.startsWith("/\\")) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '\\') {
        return Optional.empty();
      }
    }
    return Optional.of(candidate);
  }

  /** The safe path, or the account page. */
  public static String orHome(String candidate) {
    return safe(candidate).orElse(HOME);
  }

  /** {@code /signin?return=<this path>}: the hop a page makes when nobody is signed in. */
  public static String signInFor(String pathAndQuery) {
    return "/signin?return=" + URLEncoder.encode(orHome(pathAndQuery), StandardCharsets.UTF_8);
  }
}
