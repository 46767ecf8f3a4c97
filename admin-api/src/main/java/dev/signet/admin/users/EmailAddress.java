package dev.signet.admin.users;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place an e-mail address from outside is checked. Only ASCII addresses are taken: SES
 * sends to 7-bit local parts only and wants an internationalised domain as punycode, and an ASCII
 * address cannot hide a look-alike letter from the admin who reads it. The domain is lower-cased
 * (domains are case-insensitive); the local part is kept as given (RFC 5321 leaves its case to the
 * receiving host), and uniqueness is checked case-insensitively.
 */
public final class EmailAddress {

  public static final int MAX_LENGTH = 254;

  /** RFC 5322 dot-atom local part. */
  private static final Pattern LOCAL =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

  /**
   * A DNS name of at least two LDH labels, each 1 to 63 characters, not starting or ending in -.
   */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private EmailAddress() {}

  /** The address to store, or a 400 naming {@code field}. */
  public static String normalise(String field, String value) {
    String cleaned = CleanText.require(field, value, MAX_LENGTH);
    if (cleaned == null || cleaned.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    String address = cleaned.trim();
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) > 0x7E || address.charAt(i) < 0x21) {
        throw new InvalidInputException(
            field,
            "must be a plain ASCII address without spaces; give an internationalised domain as"
                + " punycode (xn--...)");
      }
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at != address.indexOf('@') || at == address.length() - 1) {
      throw new InvalidInputException(field, "must be one address of the form name@domain");
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
      throw new InvalidInputException(
          field, "has a local part (before @) that is not a valid dot-atom of at most 64 chars");
    }
    if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
      throw new InvalidInputException(field, "has a domain that is not a valid DNS name");
    }
    return local + "@" + domain.toLowerCase(Locale.ROOT);
  }
}
