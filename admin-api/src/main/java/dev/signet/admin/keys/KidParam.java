package dev.signet.admin.keys;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.util.regex.Pattern;

/** A key id from a path: an RFC 7638 SHA-256 thumbprint, base64url (43 characters). */
final class KidParam {

  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private KidParam() {}

  static String parse(String kid) {
    String v = CleanText.require("kid", kid, 64);
    if (v == null || !THUMBPRINT.matcher(v).matches()) {
      throw new InvalidInputException("kid", "must be a key id (a 43-character JWK thumbprint)");
    }
    return v;
  }
}
