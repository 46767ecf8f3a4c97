package dev.signet.admin.console;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How console forms turn their text inputs into the values of the REST API's request records, so
 * the records' own validation then judges them exactly as it judges a JSON body.
 */
final class FormValues {

  private FormValues() {}

  /**
   * Refuses NUL, control characters and lone surrogates in any typed value, as the REST API's JSON
   * reader (CleanJson) refuses them in any string before bean validation runs.
   */
  static void requireClean(Map<String, String> fields) {
    fields.forEach(
        (field, value) -> {
          if (CleanText.isForbidden(value)) {
            throw new InvalidInputException(field, "must not contain NUL or control characters");
          }
        });
  }

  /** Blank is absent (null), as an absent JSON field. */
  static String optional(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A list typed as words separated by spaces, commas or line breaks; blank is absent. */
  static List<String> words(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return Arrays.stream(value.trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
  }

  /** A whole number, or null when blank; a number too large for a long is refused by name. */
  static Long number(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    CleanText.require(field, value, 20);
    String digits = value.trim();
    // ASCII digits only: Long.parseLong also reads other scripts' digits ("3\u0660" is 30).
    if (!digits.matches("-?[0-9]{1,19}")) {
      throw new InvalidInputException(field, "must be a whole number");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "must be a whole number");
    }
  }
}
