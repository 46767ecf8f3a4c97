package dev.signet.client;

/** An RFC 9457 problem+json answer from one of Signet's REST APIs. */
public final class ProblemException extends SignetException {

  private final String type;
  private final String title;
  private final String detail;

  public ProblemException(int status, String type, String title, String detail) {
    super(
        (title == null ? "HTTP " + status : title) + (detail == null ? "" : ": " + detail),
        status,
        null);
    this.type = type;
    this.title = title;
    this.detail = detail;
  }

  /** The problem type URI (may be {@code about:blank}). */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }
}
