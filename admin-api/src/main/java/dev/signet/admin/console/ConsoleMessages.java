package dev.signet.admin.console;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.WebApplicationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What a page shows when a service refuses an action: the problem's detail and its field errors,
 * keyed by field so each form shows its message next to the input. Anything unexpected becomes a
 * generic message (logged without details that could hold a secret), never a 500 page.
 */
public record ConsoleMessages(String error, Map<String, String> fields) {

  private static final Logger LOG = Logger.getLogger(ConsoleMessages.class);

  public static ConsoleMessages none() {
    return new ConsoleMessages(null, Map.of());
  }

  public static ConsoleMessages of(String error) {
    return new ConsoleMessages(error, Map.of());
  }

  /** The message for a failed call. */
  public static ConsoleMessages of(Throwable failure) {
    if (failure instanceof ProblemException problem) {
      return of(problem.problem());
    }
    if (failure instanceof Invalid invalid) {
      return invalid.messages;
    }
    if (failure instanceof dev.signet.common.input.InvalidInputException input) {
      return of(input.getMessage());
    }
    if (failure instanceof WebApplicationException web) {
      return of("The request was refused (HTTP " + web.getResponse().getStatus() + ").");
    }
    LOG.warnf("console action failed: %s", failure.getClass().getSimpleName());
    return of("The action could not be completed. Try again in a moment.");
  }

  static ConsoleMessages of(Problem problem) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<Problem.FieldError> errors = problem.errors();
    if (errors != null) {
      for (Problem.FieldError e : errors) {
        fields.merge(e.field(), e.message(), (a, b) -> a + " " + b);
      }
    }
    String detail = problem.detail() != null ? problem.detail() : problem.title();
    return new ConsoleMessages(detail, fields);
  }

  /** Bean-validation violations of a form, keyed by the request's JSON field names. */
  public static ConsoleMessages of(Set<? extends ConstraintViolation<?>> violations) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (ConstraintViolation<?> v : violations) {
      String path = v.getPropertyPath().toString();
      fields.merge(snake(path), v.getMessage(), (a, b) -> a + " " + b);
    }
    return new ConsoleMessages("Some fields need attention.", fields);
  }

  private static String snake(String property) {
    return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  public boolean any() {
    return error != null;
  }

  /** The message for one field, or null. */
  public String field(String name) {
    return fields.get(name);
  }

  /** A form that failed the request record's bean validation, as the REST API would refuse it. */
  public static final class Invalid extends RuntimeException {
    private final transient ConsoleMessages messages;

    public Invalid(Set<? extends ConstraintViolation<?>> violations) {
      super("invalid form", null, false, false);
      this.messages = ConsoleMessages.of(violations);
    }
  }

  /** Validates a request record as the REST resource's {@code @Valid} does. */
  public static <T> T valid(jakarta.validation.Validator validator, T request) {
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw new Invalid(violations);
    }
    return request;
  }
}
