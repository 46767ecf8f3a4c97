package dev.signet.admin.paging;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a list and the cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, @JsonProperty("next_cursor") String nextCursor) {

  /**
   * Builds a page from up to {@code limit + 1} rows fetched in list order: the extra row only tells
   * that another page exists.
   */
  public static <E, T> Page<T> of(
      List<E> rows, int limit, ToLongFunction<E> seq, Function<E, T> view) {
    boolean more = rows.size() > limit;
    List<E> shown = more ? rows.subList(0, limit) : rows;
    String next = more ? Cursor.encode(seq.applyAsLong(shown.get(shown.size() - 1))) : null;
    return new Page<>(shown.stream().map(view).toList(), next);
  }
}
