package dev.signet.common.auth;

/**
 * A bearer token was rejected. The reason is a short code ({@code expired}, {@code wrong_issuer},
 * {@code unknown_kid} ...) safe for logs and metrics; it never contains the token.
 */
public class InvalidTokenException extends RuntimeException {

  private final String reason;

  public InvalidTokenException(String reason) {
    super("invalid token: " + reason, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
