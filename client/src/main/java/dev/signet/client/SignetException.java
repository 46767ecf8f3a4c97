package dev.signet.client;

/**
 * Everything this library throws: an OAuth error answer ({@link OAuthErrorException}), a
 * problem+json answer ({@link ProblemException}), or no usable answer at all ({@link
 * TransportException}). Callers branch on the type and on the server's code, never on messages.
 */
public abstract class SignetException extends RuntimeException {

  private final int status;

  SignetException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the answer, or 0 when there was none. */
  public int status() {
    return status;
  }
}
