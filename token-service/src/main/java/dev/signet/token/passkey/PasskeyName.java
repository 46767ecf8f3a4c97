package dev.signet.token.passkey;

import dev.signet.common.input.CleanText;
import dev.signet.token.session.PageException;
import java.lang.Character.UnicodeScript;

/**
 * The name a person gives a passkey ("Work laptop"): at most {@value #MAX} characters, no control
 * characters, and letters of one script only, so a name cannot impersonate another by mixing
 * look-alike letters (Latin "a" and Cyrillic "а").
 */
public final class PasskeyName {

  static final int MAX = 64;
  static final String DEFAULT = "Passkey";

  private PasskeyName() {}

  /** The cleaned name, the default for none, or a 400 page saying what is wrong. */
  public static String of(String presented) {
    if (presented == null || presented.isBlank()) {
      return DEFAULT;
    }
    String name = presented.strip();
    if (name.length() > MAX) {
      throw new PageException(400, "A passkey's name has at most " + MAX + " characters.");
    }
    if (CleanText.hasControl(name)) {
      throw new PageException(400, "A passkey's name cannot hold control characters.");
    }
    UnicodeScript seen = null;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      UnicodeScript script = UnicodeScript.of(cp);
      if (script == UnicodeScript.UNKNOWN) {
        throw new PageException(400, "A passkey's name cannot hold unassigned characters.");
      }
      if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED) {
        continue;
      }
      if (seen != null && seen != script) {
        throw new PageException(
            400, "A passkey's name must be written in one script (not mixed alphabets).");
      }
      seen = script;
    }
    return name;
  }
}
