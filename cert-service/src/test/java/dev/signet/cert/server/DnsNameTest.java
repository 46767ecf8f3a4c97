package dev.signet.cert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cert.csr.CsrRejected;
import dev.signet.cert.csr.CsrRule;
import org.junit.jupiter.api.Test;

class DnsNameTest {

  @Test
  void asciiNamesAreCaseFoldedAndKeptAsTheyAre() {
    assertEquals("api.a.example", DnsName.parse("API.A.Example").ascii());
    assertFalse(DnsName.parse("api.a.example").wildcard());
  }

  @Test
  void unicodeNamesBecomeALabelsAndALabelsStay() {
    assertEquals("xn--mnchen-3ya.example", DnsName.parse("münchen.example").ascii());
    assertEquals("xn--mnchen-3ya.example", DnsName.parse("xn--mnchen-3ya.example").ascii());
    assertEquals(DnsName.parse("München.example"), DnsName.parse("xn--mnchen-3ya.example"));
  }

  @Test
  void aLeftMostWildcardIsKeptApart() {
    DnsName name = DnsName.parse("*.a.example");
    assertTrue(name.wildcard());
    assertEquals("a.example", name.ascii());
    assertEquals("*.a.example", name.text());
  }

  @Test
  void aWildcardAnywhereElseIsRefused() {
    assertRule(CsrRule.WILDCARD_NOT_LEFT_MOST, "api.*.example");
    assertRule(CsrRule.WILDCARD_NOT_LEFT_MOST, "f*o.a.example");
    assertRule(CsrRule.WILDCARD_NOT_LEFT_MOST, "*.*.a.example");
    assertRule(CsrRule.WILDCARD_NOT_LEFT_MOST, "*a.example");
  }

  @Test
  void invalidPunycodeAndDisallowedCodePointsAreInvalidIdna() {
    assertRule(CsrRule.INVALID_IDNA, "xn--a-ecp.a.example");
    assertRule(CsrRule.INVALID_IDNA, "xn--zz.a.example");
    assertRule(CsrRule.INVALID_IDNA, "a_b.example");
    assertRule(CsrRule.INVALID_IDNA, "a..example");
    assertRule(CsrRule.INVALID_IDNA, "a.example.");
    assertRule(CsrRule.INVALID_IDNA, "-a.example");
    assertRule(CsrRule.INVALID_IDNA, "");
    assertRule(CsrRule.INVALID_IDNA, "a\u0000.example");
    assertRule(CsrRule.INVALID_IDNA, "a\n.example");
    assertRule(CsrRule.INVALID_IDNA, "a".repeat(64) + ".example");
    assertRule(CsrRule.INVALID_IDNA, "a.".repeat(130) + "example");
  }

  @Test
  void mixedScriptLabelsAreRefused() {
    // pаypal with a Cyrillic а (U+0430), as Unicode and as its A-label.
    assertRule(CsrRule.CONFUSABLE, "p\u0430ypal.a.example");
    assertRule(CsrRule.CONFUSABLE, "xn--pypal-4ve.a.example");
  }

  @Test
  void singleScriptLabelsThatLookLikeAsciiAreRefused() {
    // аррӏе, all Cyrillic: passes the restriction level but its skeleton is the ASCII "appie".
    assertRule(CsrRule.CONFUSABLE, "xn--80ak6aa92e.a.example");
  }

  @Test
  void ordinaryNonLatinLabelsPass() {
    assertEquals("xn--r8jz45g.a.example", DnsName.parse("例え.a.example").ascii());
  }

  private static void assertRule(CsrRule rule, String name) {
    CsrRejected e = assertThrows(CsrRejected.class, () -> DnsName.parse(name), name);
    assertEquals(rule, e.rule(), name + ": " + e.getMessage());
  }
}
