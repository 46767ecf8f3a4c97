package dev.signet.common.input;

/**
 * A value from outside that Signet refuses (too long, NUL or control characters, out of range).
 * problem+json endpoints answer it as 400 {@code validation} naming the field; the OAuth endpoints
 * answer {@code invalid_request}.
 */
public class InvalidInputException extends RuntimeException {

  private final String field;
  private final String problem;

  public InvalidInputException(String field, String problem) {
    super(field + " " + problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  /** The parameter or JSON field path. */
  public String field() {
    return field;
  }

  /** What is wrong with it, for the error body (never the value itself). */
  public String problem() {
    return problem;
  }
}
