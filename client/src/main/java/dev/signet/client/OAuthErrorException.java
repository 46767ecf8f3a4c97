package dev.signet.client;

/** An OAuth error answer (RFC 6749 section 5.2, RFC 8628 section 3.5): {@code error} and text. */
public final class OAuthErrorException extends SignetException {

  private final String error;
  private final String description;

  public OAuthErrorException(int status, String error, String description) {
    super(error + (description == null ? "" : ": " + description), status, null);
    this.error = error;
    this.description = description;
  }

  /** The OAuth error code, such as {@code invalid_grant} or {@code authorization_pending}. */
  public String error() {
    return error;
  }

  /** The server's {@code error_description}, or null. */
  public String description() {
    return description;
  }
}
