package dev.signet.token.session;

/**
 * A refusal on an HTML page: the status and a sentence for the person, rendered as an error page
 * (never JSON, never a 500 for bad input).
 */
public class PageException extends RuntimeException {

  private final int status;

  public PageException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
