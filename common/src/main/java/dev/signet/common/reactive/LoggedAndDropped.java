package dev.signet.common.reactive;

import dev.signet.common.error.SafeFailures;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * For work whose failure must not travel further: a scheduled job's round (the next tick simply
 * tries again, and the scheduler would only log it worse) or a side effect of a request that has
 * already been decided. Use with {@link Uni#plug}: {@code .plug(LoggedAndDropped.warn(LOG, "key
 * rotation run"))} logs "key rotation run failed: ..." without the values drivers put in messages.
 */
public final class LoggedAndDropped {

  private LoggedAndDropped() {}

  public static <T> Function<Uni<T>, Uni<Void>> warn(Logger log, String what) {
    return at(Logger.Level.WARN, log, what);
  }

  /** For work that fails harmlessly and often (a cleanup while the database fails over). */
  public static <T> Function<Uni<T>, Uni<Void>> debug(Logger log, String what) {
    return at(Logger.Level.DEBUG, log, what);
  }

  private static <T> Function<Uni<T>, Uni<Void>> at(Logger.Level level, Logger log, String what) {
    return work ->
        work.onFailure()
            .invoke(e -> log.logf(level, "%s failed: %s", what, SafeFailures.describe(e)))
            .onFailure()
            .recoverWithNull()
            .replaceWithVoid();
  }
}
