package dev.signet.common.reactive;

import io.smallrye.mutiny.Uni;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** Work done a batch at a time, one round after the other, until a round says it was the last. */
public final class Rounds {

  private Rounds() {}

  /**
   * Runs {@code round} (subscribed afresh each time) while {@code again} holds for its result, and
   * sums what {@code count} reads from each result.
   */
  public static <T> Uni<Integer> sum(
      Supplier<Uni<? extends T>> round, ToIntFunction<T> count, Predicate<T> again) {
    int[] total = {0};
    return Uni.createFrom()
        .<T>deferred(round)
        .invoke(result -> total[0] += count.applyAsInt(result))
        .repeat()
        .whilst(again)
        .collect()
        .last()
        .map(last -> total[0]);
  }
}
