package dev.signet.common.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bounded wait on a condition, for effects that arrive asynchronously (a NOTIFY, a lock waiter, a
 * background commit). It polls; the bound is a failure deadline, never a timing assertion.
 */
public final class Eventually {

  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code bound}. */
  public static void until(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what);
      }
    }
  }

  /** The first value of {@code probe} that {@code accepted} holds for, within {@code bound}. */
  public static <T> T value(
      Duration bound, String what, Supplier<T> probe, java.util.function.Predicate<T> accepted) {
    Object[] last = new Object[1];
    until(
        bound,
        what,
        () -> {
          T v = probe.get();
          last[0] = v;
          return accepted.test(v);
        });
    @SuppressWarnings("unchecked")
    T v = (T) last[0];
    return v;
  }
}
