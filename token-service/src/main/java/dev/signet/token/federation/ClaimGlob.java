package dev.signet.token.federation;

import java.util.ArrayList;
import java.util.List;

/**
 * An anchored glob over a claim value: {@code *} matches any run of characters within one segment,
 * {@code **} matches across segments, every other character matches itself. Segments are separated
 * by {@code /} and {@code :} (the separators of GitHub refs, repository names and {@code sub}
 * values, and of Kubernetes {@code system:serviceaccount:<ns>:<sa>} subjects). There is no escape,
 * no character class and no regex: a pattern without {@code *} is an exact value.
 *
 * <p>Matching is a dynamic programme over pattern and value, so its cost is bounded by their
 * product whatever the pattern; values longer than {@link #MAX_VALUE_LENGTH} never match.
 */
public final class ClaimGlob {

  /** Longest claim value a glob is evaluated against; longer values are a mismatch. */
  public static final int MAX_VALUE_LENGTH = 2048;

  private static final char STAR = '\uE000';
  private static final char DOUBLE_STAR = '\uE001';

  private final String pattern;
  private final char[] tokens;

  private ClaimGlob(String pattern, char[] tokens) {
    this.pattern = pattern;
    this.tokens = tokens;
  }

  /** Compiles {@code pattern}; runs of three or more stars are read as {@code **}. */
  public static ClaimGlob compile(String pattern) {
    List<Character> out = new ArrayList<>();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '*') {
        int run = 0;
        while (i < pattern.length() && pattern.charAt(i) == '*') {
          run++;
          i++;
        }
        out.add(run == 1 ? STAR : DOUBLE_STAR);
      } else {
        out.add(c);
        i++;
      }
    }
    char[] tokens = new char[out.size()];
    for (int k = 0; k < tokens.length; k++) {
      tokens[k] = out.get(k);
    }
    return new ClaimGlob(pattern, tokens);
  }

  /** Whether the pattern has no wildcard, so it only matches itself. */
  public boolean isExact() {
    for (char t : tokens) {
      if (t == STAR || t == DOUBLE_STAR) {
        return false;
      }
    }
    return true;
  }

  /** Whether the pattern has no literal character but separators, so it matches nearly anything. */
  public boolean isOnlyWildcards() {
    boolean wildcard = false;
    for (char t : tokens) {
      if (t == STAR || t == DOUBLE_STAR) {
        wildcard = true;
      } else if (!isSeparator(t)) {
        return false;
      }
    }
    return wildcard;
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** Whether {@code value} matches the whole pattern. */
  public boolean matches(String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      return false;
    }
    int n = tokens.length;
    int m = value.length();
    // can[j]: pattern prefix tokens[0..i) matches value prefix value[0..j)
    boolean[] can = new boolean[m + 1];
    can[0] = true;
    for (int i = 0; i < n; i++) {
      char t = tokens[i];
      boolean[] next = new boolean[m + 1];
      if (t == DOUBLE_STAR) {
        boolean reached = false;
        for (int j = 0; j <= m; j++) {
          reached |= can[j];
          next[j] = reached;
        }
      } else if (t == STAR) {
        boolean reached = false;
        for (int j = 0; j <= m; j++) {
          if (j > 0 && isSeparator(value.charAt(j - 1))) {
            reached = false;
          }
          reached |= can[j];
          next[j] = reached;
        }
      } else {
        for (int j = 1; j <= m; j++) {
          next[j] = can[j - 1] && value.charAt(j - 1) == t;
        }
      }
      can = next;
    }
    return can[m];
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == ':';
  }

  @Override
  public String toString() {
    return pattern;
  }
}
