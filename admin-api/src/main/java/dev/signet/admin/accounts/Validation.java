package dev.signet.admin.accounts;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** Checks on service account fields that Bean Validation annotations cannot express. */
final class Validation {

  /** RFC 6749 scope-token characters: printable ASCII except space, quote and backslash. */
  static final String SCOPE = "[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}";

  static final String SCOPE_MESSAGE = "must be a scope token (no spaces, quotes or backslashes)";

  static final String CLIENT_ID = "[A-Za-z0-9][A-Za-z0-9._:-]{2,127}";

  static final String CLIENT_ID_MESSAGE =
      "must be 3-128 letters, digits or . _ : - and start with a letter or digit";

  private static final java.util.regex.Pattern IPV4_CIDR =
      java.util.regex.Pattern.compile(
          "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?");
  private static final java.util.regex.Pattern IPV6_CIDR =
      java.util.regex.Pattern.compile("([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/\\d{1,3})?");

  private Validation() {}

  /** 400 with one error per entry that is not an IPv4/IPv6 address or CIDR range. */
  static void ipAllowList(List<String> entries) {
    if (entries == null) {
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!isAddressOrRange(entries.get(i))) {
        errors.add(
            new Problem.FieldError(
                "ip_allow_list[" + i + "]", "must be an IP address or CIDR range"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.validation("The request has invalid fields.", errors);
    }
  }

  /** Furthest ahead an account may expire: inside PostgreSQL's range, and a sane horizon. */
  static final java.time.Duration MAX_EXPIRY = java.time.Duration.ofDays(3653);

  /** Most keys, and most characters of serialized JSON, a private_key_jwt client's jwks holds. */
  static final int MAX_JWKS_KEYS = 20;

  static final int MAX_JWKS_CHARS = 65_536;

  /** Highest rate limit an account may be given (requests per minute). */
  static final int MAX_RATE_LIMIT = 1_000_000;

  static void expiresAt(Instant expiresAt, Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw invalid("expires_at", "must be in the future");
    }
    if (expiresAt != null && expiresAt.isAfter(now.plus(MAX_EXPIRY))) {
      throw invalid("expires_at", "must be at most 10 years ahead");
    }
  }

  static void jwks(com.fasterxml.jackson.databind.JsonNode jwks) {
    if (jwks == null) {
      return;
    }
    if (jwks.path("keys").size() > MAX_JWKS_KEYS) {
      throw invalid("jwks.keys", "must hold at most " + MAX_JWKS_KEYS + " keys");
    }
    if (jwks.toString().length() > MAX_JWKS_CHARS) {
      throw invalid("jwks", "must be at most " + MAX_JWKS_CHARS + " characters of JSON");
    }
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.validation(
        "The request has invalid fields.", List.of(new Problem.FieldError(field, message)));
  }

  static boolean isAddressOrRange(String entry) {
    if (entry == null) {
      return false;
    }
    Matcher v4 = IPV4_CIDR.matcher(entry);
    if (v4.matches()) {
      for (int g = 1; g <= 4; g++) {
        if (Integer.parseInt(v4.group(g)) > 255) {
          return false;
        }
      }
      return v4.group(5) == null || Integer.parseInt(v4.group(5).substring(1)) <= 32;
    }
    Matcher v6 = IPV6_CIDR.matcher(entry);
    if (!v6.matches() || v6.group(1).length() > 45) {
      return false;
    }
    try {
      // A literal with only hex digits, colons and dots: never a host name lookup.
      if (!(java.net.InetAddress.getByName(v6.group(1)) instanceof java.net.Inet6Address)) {
        return false;
      }
    } catch (java.net.UnknownHostException e) {
      return false;
    }
    return v6.group(2) == null || Integer.parseInt(v6.group(2).substring(1)) <= 128;
  }
}
