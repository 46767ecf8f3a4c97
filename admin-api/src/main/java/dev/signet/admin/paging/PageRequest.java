package dev.signet.admin.paging;

import dev.signet.common.error.ProblemException;
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
        size = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        throw ProblemException.badRequest("limit must be a whole number.");
      }
      if (size < 1 || size > maxLimit) {
        throw ProblemException.badRequest("limit must be between 1 and " + maxLimit + ".");
      }
    }
    Optional<Long> after =
        cursor == null || cursor.isBlank() ? Optional.empty() : Optional.of(Cursor.decode(cursor));
    return new PageRequest(size, after);
  }
}
