package dev.signet.admin.console;

import dev.signet.common.error.ProblemException;
import dev.signet.common.input.InvalidInputException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * The console's calls to another service (the key ring, token-service): each read of a page's parts
 * either has its value or the message to show instead, so one service that does not answer leaves a
 * readable page, never a 500.
 */
final class ServiceCalls {

  private static final Logger LOG = Logger.getLogger(ServiceCalls.class);

  private ServiceCalls() {}

  /** A read of a page's part: its value, or why it is missing. */
  record Outcome<T>(T value, ConsoleMessages failure) {}

  static <T> Uni<Outcome<T>> outcome(Uni<T> call, String service) {
    return Uni.createFrom()
        .deferred(() -> call)
        .map(v -> new Outcome<T>(v, null))
        .onFailure()
        .recoverWithItem(e -> new Outcome<T>(null, messages(e, service)));
  }

  /** The service's own refusal, a bad form value, or: it did not answer. */
  static ConsoleMessages messages(Throwable e, String service) {
    if (e instanceof ProblemException
        || e instanceof InvalidInputException
        || e instanceof ConsoleMessages.Invalid) {
      return ConsoleMessages.of(e);
    }
    LOG.warnf("%s did not answer: %s", service, e.getClass().getSimpleName());
    return ConsoleMessages.of(
        capitalized(service)
            + " did not answer, so this page cannot be shown or changed now. Try again in a"
            + " moment.");
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
