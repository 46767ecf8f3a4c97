package dev.signet.common.error;

import java.util.List;

/** An error that knows its HTTP status; the mappers turn it into problem+json. */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
  }

  public static ProblemException validation(String detail, List<Problem.FieldError> errors) {
    return new ProblemException(
        Problem.of(400, "validation", "Validation failed", detail).withErrors(errors));
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail));
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
  }

  public static ProblemException unprocessable(String detail) {
    return new ProblemException(
        Problem.of(422, "unprocessable", "Request cannot be applied", detail));
  }

  public static ProblemException unavailable(String detail) {
    return new ProblemException(
        Problem.of(503, "unavailable", "Service temporarily unavailable", detail));
  }
}
