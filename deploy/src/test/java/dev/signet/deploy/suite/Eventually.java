package dev.signet.deploy.suite;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for what the suite only does eventually (token-service's service-account cache, the audit
 * outbox, startup): asks again until the answer is the expected one or a deadline passes, so a fast
 * machine never waits longer than it needs to.
 */
public final class Eventually {

  /** Long enough for a shared 2-core CI machine; the usual wait is well under a second. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private static final Duration PAUSE = Duration.ofMillis(200);

  private Eventually() {}

  /**
   * Returns the first value of {@code probe} that {@code accept} takes; fails with {@code what} and
   * the last value seen when none did before {@code timeout}.
   */
  public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> accept) {
    return await(what, timeout, probe, accept, String::valueOf);
  }

  /** {@link #await} that shows the last value seen as {@code describe} renders it. */
  public static <T> T await(
      String what,
      Duration timeout,
      Supplier<T> probe,
      Predicate<T> accept,
      Function<T, String> describe) {
    Instant deadline = Instant.now().plus(timeout);
    T last;
    while (true) {
      last = probe.get();
      if (accept.test(last)) {
        return last;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within "
                + timeout.toSeconds()
                + " s: "
                + what
                + "; last seen: "
                + describe.apply(last));
      }
      LockSupport.parkNanos(PAUSE.toNanos());
    }
  }

  /** {@link #await} with {@link #DEFAULT} for a probe that answers empty until it is there. */
  public static <T> T present(String what, Supplier<Optional<T>> probe) {
    return await(what, DEFAULT, probe, Optional::isPresent).orElseThrow();
  }
}
