package dev.signet.token.authorize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636) with S256 only: {@code plain} would hand the verifier to whoever sees the URL.
 */
public final class Pkce {

  public static final String S256 = "S256";

  /** RFC 7636 section 4.1: 43-128 characters of the unreserved set. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  /** A S256 challenge is the base64url of 32 bytes: exactly 43 characters, no padding. */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

  private Pkce() {}

  public static boolean validVerifier(String verifier) {
    return verifier != null && VERIFIER.matcher(verifier).matches();
  }

  public static boolean validChallenge(String challenge) {
    return challenge != null && CHALLENGE.matcher(challenge).matches();
  }

  /** BASE64URL(SHA-256(ASCII(verifier))), RFC 7636 section 4.2. */
  public static String challengeOf(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Whether {@code verifier} answers {@code challenge}, compared in constant time. */
  public static boolean matches(String verifier, String challenge) {
    return validVerifier(verifier)
        && MessageDigest.isEqual(
            challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
            challenge.getBytes(StandardCharsets.US_ASCII));
  }
}
