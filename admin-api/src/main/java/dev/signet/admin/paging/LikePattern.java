package dev.signet.admin.paging;

import java.util.Locale;

/** "Contains" filters of the list endpoints as SQL LIKE patterns, with the wildcards escaped. */
public final class LikePattern {

  private LikePattern() {}

  /** {@code %text%} lower-cased, so a {@code %} or {@code _} the admin typed matches itself. */
  public static String containing(String text) {
    String escaped =
        text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
