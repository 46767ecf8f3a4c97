package dev.signet.cert.server;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.SpoofChecker;
import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import dev.signet.common.input.CleanText;
import java.util.Locale;
import java.util.Set;

/**
 * A DNS name as a certificate carries it: UTS #46 processed to A-labels (ICU4J, non-transitional,
 * STD3 rules, bidi and CONTEXTJ checks), each label's Unicode form checked with UTS #39 ({@link
 * SpoofChecker}: one script per label at the highly-restrictive level, no invisible characters or
 * mixed number systems, and no non-ASCII label whose confusable skeleton is plain ASCII, which is
 * how {@code раypal} in Cyrillic would pass for {@code paypal}). A wildcard is only ever the whole
 * left-most label.
 *
 * @param ascii the A-label form without the wildcard label, lower case (e.g. {@code a.example})
 * @param wildcard whether the name is {@code *.} + {@link #ascii}
 */
public record DnsName(String ascii, boolean wildcard) {

  /** RFC 1035: at most 253 characters of text. */
  static final int MAX_LENGTH = 253;

  private static final IDNA UTS46 =
      IDNA.getUTS46Instance(
          IDNA.NONTRANSITIONAL_TO_ASCII
              | IDNA.NONTRANSITIONAL_TO_UNICODE
              | IDNA.USE_STD3_RULES
              | IDNA.CHECK_BIDI
              | IDNA.CHECK_CONTEXTJ
              | IDNA.CHECK_CONTEXTO);

  /** SpoofChecker is thread-safe once built. */
  private static final SpoofChecker SPOOF =
      new SpoofChecker.Builder()
          .setChecks(
              SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
          .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
          .build();

  private static final SpoofChecker SKELETON =
      new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

  /** The name as written in a certificate. */
  public String text() {
    return wildcard ? "*." + ascii : ascii;
  }

  /** Number of labels of {@link #ascii}. */
  int depth() {
    return ascii.split("\\.", -1).length;
  }

  /**
   * Parses a requested name or a policy pattern.
   *
   * @throws CsrRejected naming the rule the name breaks
   */
  public static DnsName parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new CsrRejected(CsrRule.INVALID_IDNA, "a DNS name is empty");
    }
    if (raw.length() > MAX_LENGTH || CleanText.hasControl(raw)) {
      throw new CsrRejected(
          CsrRule.INVALID_IDNA,
          "a DNS name has more than " + MAX_LENGTH + " characters or control characters");
    }
    String shown = CleanText.forRecord(raw, 80);
    boolean wildcard = raw.startsWith("*.");
    String rest = wildcard ? raw.substring(2) : raw;
    if (rest.indexOf('*') >= 0) {
      throw new CsrRejected(
          CsrRule.WILDCARD_NOT_LEFT_MOST,
          "'" + shown + "': a wildcard may only be the whole left-most label");
    }
    if (rest.endsWith(".") || rest.startsWith(".") || rest.contains("..")) {
      throw new CsrRejected(CsrRule.INVALID_IDNA, "'" + shown + "' has an empty label");
    }
    StringBuilder ascii = new StringBuilder();
    IDNA.Info info = new IDNA.Info();
    UTS46.nameToASCII(rest, ascii, info);
    if (info.hasErrors()) {
      throw new CsrRejected(CsrRule.INVALID_IDNA, "'" + shown + "': " + errors(info.getErrors()));
    }
    StringBuilder unicode = new StringBuilder();
    IDNA.Info back = new IDNA.Info();
    UTS46.nameToUnicode(ascii, unicode, back);
    if (back.hasErrors()) {
      throw new CsrRejected(CsrRule.INVALID_IDNA, "'" + shown + "': " + errors(back.getErrors()));
    }
    String a = ascii.toString().toLowerCase(Locale.ROOT);
    if (a.length() > MAX_LENGTH) {
      throw new CsrRejected(CsrRule.INVALID_IDNA, "'" + shown + "' is too long as A-labels");
    }
    for (String label : unicode.toString().split("\\.")) {
      checkLabel(label, shown);
    }
    return new DnsName(a, wildcard);
  }

  private static void checkLabel(String label, String shown) {
    boolean ascii = label.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return;
    }
    if (SPOOF.failsChecks(label)) {
      throw new CsrRejected(
          CsrRule.CONFUSABLE, "'" + shown + "' has a label that mixes scripts (UTS #39)");
    }
    String skeleton = SKELETON.getSkeleton(label);
    if (skeleton.chars().allMatch(c -> c < 0x80)) {
      throw new CsrRejected(
          CsrRule.CONFUSABLE,
          "'" + shown + "' has a label confusable with the ASCII label '" + skeleton + "'");
    }
  }

  private static String errors(Set<IDNA.Error> errors) {
    return "not valid IDNA (UTS #46: " + errors + ")";
  }
}
