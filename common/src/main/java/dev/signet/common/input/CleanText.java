package dev.signet.common.input;

/**
 * The one place that bounds and cleans values from outside. PostgreSQL refuses {@code \u0000} in
 * text and jsonb, log lines must not be forged with control characters, and admin-api stores actors
 * of at most 255 characters; so every attacker-controlled value is either refused at the edge
 * ({@link #require}) or, where it is only recorded (audit events, logs), cleaned ({@link
 * #forRecord}).
 */
public final class CleanText {

  /** Appended to a value cut at its limit, so a reader knows it is not the whole value. */
  public static final String TRUNCATION_MARKER = "...[truncated]";

  /** Longest value an audit event or log line carries for a single identifier. */
  public static final int RECORD_MAX = 255;

  private CleanText() {}

  /**
   * True for characters no identifier or free text may hold: C0 controls other than tab, line feed
   * and carriage return, DEL, C1 controls, and lone UTF-16 surrogates (not encodable as UTF-8).
   */
  public static boolean isForbidden(String value) {
    return firstForbidden(value) >= 0;
  }

  /** Index of the first forbidden character (see {@link #isForbidden}), or -1. */
  public static int firstForbidden(String value) {
    if (value == null) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** True when the value holds any control character at all, tab and line breaks included. */
  public static boolean hasControl(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return isForbidden(value);
  }

  /**
   * A value made safe to record: every control character (tab and line breaks too) and lone
   * surrogate removed, then cut to {@code max} characters, the last of them {@link
   * #TRUNCATION_MARKER}. Null stays null.
   */
  public static String forRecord(String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value;
    if (hasControl(value)) {
      StringBuilder out = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
          continue;
        }
        if (Character.isHighSurrogate(c)) {
          if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          }
          continue;
        }
        if (Character.isLowSurrogate(c)) {
          continue;
        }
        out.append(c);
      }
      clean = out.toString();
    }
    if (clean.length() <= max) {
      return clean;
    }
    boolean marked = max > TRUNCATION_MARKER.length();
    int keep = marked ? max - TRUNCATION_MARKER.length() : max;
    // Never split a surrogate pair at the cut.
    if (keep > 0 && Character.isHighSurrogate(clean.charAt(keep - 1))) {
      keep--;
    }
    return clean.substring(0, keep) + (marked ? TRUNCATION_MARKER : "");
  }

  /** {@link #forRecord(String, int)} at {@link #RECORD_MAX}. */
  public static String forRecord(String value) {
    return forRecord(value, RECORD_MAX);
  }

  /**
   * The value when it is at most {@code maxLength} characters and holds no forbidden character
   * (and, with {@code singleLine}, no tab or line break either); otherwise {@link
   * InvalidInputException} naming the field. Null passes (required-ness is the caller's check).
   */
  public static String require(String field, String value, int maxLength, boolean singleLine) {
    if (value == null) {
      return null;
    }
    if (value.length() > maxLength) {
      throw new InvalidInputException(field, "must be at most " + maxLength + " characters");
    }
    if (singleLine ? hasControl(value) : isForbidden(value)) {
      throw new InvalidInputException(
          field, "must not contain NUL, control characters or unpaired surrogates");
    }
    return value;
  }

  /** {@link #require(String, String, int, boolean)} for a single-line identifier. */
  public static String require(String field, String value, int maxLength) {
    return require(field, value, maxLength, true);
  }

  /**
   * Whether a raw (still percent-encoded) path or query is well formed: every {@code %} starts two
   * hex digits, and none of the encoded bytes is a control character, NUL included.
   */
  public static boolean isCleanPercentEncoding(String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
      if (c != '%') {
        continue;
      }
      if (i + 2 >= raw.length()) {
        return false;
      }
      int hi = Character.digit(raw.charAt(i + 1), 16);
      int lo = Character.digit(raw.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return false;
      }
      int b = hi * 16 + lo;
      if (b < 0x20 || b == 0x7f) {
        return false;
      }
      i += 2;
    }
    return true;
  }

  /** The number when {@code min <= value <= max}; otherwise {@link InvalidInputException}. */
  public static long requireRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, "must be between " + min + " and " + max);
    }
    return value;
  }
}
