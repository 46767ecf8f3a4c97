package dev.signet.admin.paging;

import dev.signet.common.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque list position: the monotonic {@code seq} of the last row a page returned. Rows inserted
 * later get a higher seq, so they never shift the boundary of a page already handed out.
 */
public final class Cursor {

  private static final String PREFIX = "s:";

  /** Longer than any cursor this API hands out (a long in base64 is under 30). */
  private static final int MAX_LENGTH = 64;

  private Cursor() {}

  public static String encode(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + seq).getBytes(StandardCharsets.UTF_8));
  }

  /** The seq inside a cursor a client sent back; 400 when it is not one of ours. */
  public static long decode(String cursor) {
    if (cursor.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        throw invalid();
      }
      long seq = Long.parseLong(text.substring(PREFIX.length()));
      if (seq < 0) {
        throw invalid();
      }
      return seq;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static ProblemException invalid() {
    return ProblemException.validation(
        "The cursor is not valid; pass next_cursor as returned.",
        java.util.List.of(
            new dev.signet.common.error.Problem.FieldError(
                "cursor", "is not a cursor this API returned")));
  }
}
