package dev.signet.delegation.policy;

import java.util.regex.Pattern;

/**
 * An anchored glob over identifiers: {@code *} matches any run of characters inside one segment
 * (segments end at {@code /} or {@code :}), {@code **} matches any run across segments, every other
 * character matches itself. Never a regex: matching is a bounded table walk, so a pattern cannot
 * make a decision slow.
 */
public final class Glob {

  /** Longest pattern accepted. */
  public static final int MAX = 256;

  private static final Pattern DOUBLE_STAR_RUN = Pattern.compile("\\*{3,}");

  private final String pattern;
  private final boolean matchesAll;
  private final boolean literal;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.matchesAll = pattern.equals("**");
    this.literal = pattern.indexOf('*') < 0;
  }

  /** The glob, or {@link IllegalArgumentException} saying why the pattern is not one. */
  public static Glob of(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("a pattern must not be empty");
    }
    if (pattern.length() > MAX) {
      throw new IllegalArgumentException("a pattern must be at most " + MAX + " characters");
    }
    if (DOUBLE_STAR_RUN.matcher(pattern).find()) {
      throw new IllegalArgumentException("a pattern may use * or ** but not three stars in a row");
    }
    return new Glob(pattern);
  }

  public String pattern() {
    return pattern;
  }

  /** Whether the whole of {@code value} matches. */
  public boolean matches(String value) {
    if (matchesAll) {
      return true;
    }
    if (literal) {
      return pattern.equals(value);
    }
    int n = value.length();
    // can[j]: the pattern read so far matches value[0, j).
    boolean[] can = new boolean[n + 1];
    can[0] = true;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      boolean[] next = new boolean[n + 1];
      if (c == '*') {
        boolean across = i + 1 < pattern.length() && pattern.charAt(i + 1) == '*';
        boolean reach = false;
        for (int j = 0; j <= n; j++) {
          if (can[j]) {
            reach = true;
          } else if (reach && !across && j > 0 && separator(value.charAt(j - 1))) {
            reach = false;
          }
          next[j] = reach;
        }
        i += across ? 2 : 1;
      } else {
        for (int j = 0; j < n; j++) {
          next[j + 1] = can[j] && value.charAt(j) == c;
        }
        i++;
      }
      can = next;
    }
    return can[n];
  }

  private static boolean separator(char c) {
    return c == '/' || c == ':';
  }

  @Override
  public String toString() {
    return pattern;
  }
}
