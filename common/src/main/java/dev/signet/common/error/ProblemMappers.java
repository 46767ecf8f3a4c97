package dev.signet.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.signet.common.db.DatabaseFailures;
import dev.signet.common.input.CleanJson;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns exceptions into problem+json (or OAuth error JSON on /oauth2). */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return ErrorResponses.build(e.problem(), uri.getPath(), e);
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .collect(Collectors.toList());
    Problem problem =
        Problem.of(400, "validation", "Validation failed", "The request has invalid fields.")
            .withErrors(errors);
    return ErrorResponses.build(problem, uri.getPath(), e);
  }

  @ServerExceptionMapper
  public Response invalidInput(InvalidInputException e, UriInfo uri) {
    Problem problem =
        Problem.of(400, "validation", "Validation failed", "The request has invalid fields.")
            .withErrors(List.of(new Problem.FieldError(e.field(), e.problem())));
    return ErrorResponses.build(problem, uri.getPath(), e);
  }

  @ServerExceptionMapper
  public Response uncleanText(CleanJson.UncleanTextException e, UriInfo uri) {
    return json(e, uri);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, UriInfo uri) {
    String detail = "The request body is not valid JSON.";
    if (e instanceof CleanJson.UncleanTextException c) {
      detail = "Field '" + path(c) + "' must not contain NUL or control characters.";
    } else if (e instanceof JsonParseException p && CleanJson.isDuplicateKey(p)) {
      detail = "Field '" + currentField(p) + "' appears more than once.";
    } else if (e instanceof InputCoercionException n) {
      detail = "Field '" + currentField(n) + "' holds a number out of range.";
    } else if (e instanceof UnrecognizedPropertyException u) {
      detail = "Unknown field '" + u.getPropertyName() + "'.";
    } else if (e instanceof InvalidFormatException f) {
      detail = "Field '" + path(f) + "' has the wrong format.";
    } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      detail = "Field '" + path(m) + "' has the wrong type.";
    }
    return ErrorResponses.build(
        Problem.of(400, "malformed-body", "Malformed request body", detail), uri.getPath(), e);
  }

  /**
   * Quarkus REST registers its own mapper for this subtype (answering plain JSON); declaring the
   * exact type here keeps wrong-typed JSON values in problem+json too.
   */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return json(e, uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException json) {
      return json(json, uri);
    }
    int status = e.getResponse().getStatus();
    Problem problem =
        switch (status) {
          case 404 -> Problem.of(404, "not-found", "Not found", "No resource at this path.");
          case 405 ->
              Problem.of(
                  405,
                  "method-not-allowed",
                  "Method not allowed",
                  "This path does not take that method.");
          case 406 ->
              Problem.of(
                  406, "not-acceptable", "Not acceptable", "No representation matches Accept.");
          case 413 ->
              Problem.of(
                  413, "body-too-large", "Request body too large", "The body exceeds the limit.");
          case 415 ->
              Problem.of(
                  415,
                  "unsupported-media-type",
                  "Unsupported media type",
                  "This endpoint does not accept that Content-Type.");
          default ->
              status >= 500
                  ? Problem.of(
                      500, "internal", "Internal error", "The request could not be completed.")
                  : Problem.of(status, "bad-request", "Bad request", "The request is not valid.");
        };
    if (status == 405) {
      Response r = ErrorResponses.build(problem, uri.getPath(), e);
      Object allow = e.getResponse().getHeaders().getFirst("Allow");
      return allow == null ? r : Response.fromResponse(r).header("Allow", allow).build();
    }
    return ErrorResponses.build(problem, uri.getPath(), e);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    if (DatabaseFailures.isUnavailable(e)) {
      return ErrorResponses.build(
          Problem.of(
              503,
              "unavailable",
              "Service temporarily unavailable",
              "The database is not reachable."),
          uri.getPath(),
          e);
    }
    return ErrorResponses.build(
        Problem.of(500, "internal", "Internal error", "The request could not be completed."),
        uri.getPath(),
        e);
  }

  /** A number too large for its type, as Jackson's parser reports it. */
  @ServerExceptionMapper
  public Response numberOutOfRange(InputCoercionException e, UriInfo uri) {
    return json(e, uri);
  }

  private static String currentField(JsonProcessingException e) {
    try {
      JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
      String name = parser == null ? null : parser.currentName();
      return name == null ? "?" : CleanText.forRecord(name, 100);
    } catch (java.io.IOException | RuntimeException ignored) {
      return "?";
    }
  }

  private static String fieldName(ConstraintViolation<?> v) {
    return JsonFieldPaths.of(v);
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
