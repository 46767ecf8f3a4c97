package dev.signet.admin.paging;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.util.Optional;

/**
 * Page size and position as parsed from {@code limit} and {@code cursor} query parameters. Parsed
 * here rather than by JAX-RS so a malformed value answers 400 problem+json instead of 404.
 */
public record PageRequest(int limit, Optional<Long> afterSeq) {

  public static final int DEFAULT_LIMIT = 50;

  public static PageRequest of(String limit, String cursor, int maxLimit) {
    int size = DEFAULT_LIMIT;
    if (limit != null && !limit.isBlank()) {
      try {
        size = Integer.parseInt(CleanText.require("limit", limit, 20).trim());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            "limit", "must be a whole number between 1 and " + maxLimit);
      }
      CleanText.requireRange("limit", size, 1, maxLimit);
    }
    Optional<Long> after =
        cursor == null || cursor.isBlank() ? Optional.empty() : Optional.of(Cursor.decode(cursor));
    return new PageRequest(size, after);
  }
}
