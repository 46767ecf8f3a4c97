package dev.signet.token.device;

import dev.signet.common.secret.SecureRandoms;
import java.util.Locale;
import java.util.Optional;

/**
 * User codes (RFC 8628 section 6.1): 8 characters from 20 consonants, no vowels (no words) and no
 * digits (no 0/O, 1/I look-alikes), about 34.5 bits; shown as {@code XXXX-XXXX}. On entry, case,
 * dashes and spaces are ignored; anything else makes the code no code at all.
 */
public final class UserCodes {

  static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  static final int LENGTH = 8;

  /** Longer than this is not someone typing a code. */
  private static final int MAX_ENTERED = 32;

  private UserCodes() {}

  /** A fresh code, normalised (no dash). */
  public static String generate() {
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      code.append(ALPHABET.charAt(SecureRandoms.get().nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /** {@code XXXX-XXXX}. */
  public static String display(String normalised) {
    return normalised.substring(0, 4) + "-" + normalised.substring(4);
  }

  /** The code as stored, or empty when what was entered cannot be one. */
  public static Optional<String> normalise(String entered) {
    if (entered == null || entered.length() > MAX_ENTERED) {
      return Optional.empty();
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < entered.length(); i++) {
      char c = entered.charAt(i);
      if (c == '-' || c == ' ') {
        continue;
      }
      // ASCII only: toUpperCase(ROOT) of a Cyrillic or Turkish letter never lands in the alphabet.
      char upper = c < 128 ? Character.toUpperCase(c) : c;
      if (ALPHABET.indexOf(upper) < 0) {
        return Optional.empty();
      }
      code.append(upper);
    }
    return code.length() == LENGTH
        ? Optional.of(code.toString().toUpperCase(Locale.ROOT))
        : Optional.empty();
  }
}
