package dev.signet.delegation.scopes;

import dev.signet.common.error.ProblemException;
import java.util.regex.Pattern;

/**
 * What a scope name may be: ASCII letters, digits and {@code _ . : -}, starting with a letter or
 * digit, at most {@value #MAX} characters. That keeps names printable, single-script and safe in a
 * path and in the space-separated {@code scope} claim.
 */
public final class ScopeNames {

  public static final int MAX = 128;

  /** Most direct implications one scope may list. */
  public static final int IMPLIES_MAX = 100;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0," + (MAX - 1) + "}");

  private ScopeNames() {}

  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The name unchanged, or a 400 naming the field that held it. */
  public static String require(String name, String field) {
    if (!valid(name)) {
      throw ProblemException.badRequest(
          field
              + " must be 1-"
              + MAX
              + " ASCII letters, digits or _ . : - starting with a letter or digit");
    }
    return name;
  }
}
