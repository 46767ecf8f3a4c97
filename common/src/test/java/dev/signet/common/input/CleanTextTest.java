package dev.signet.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanTextTest {

  @Test
  void recordedValuesLoseControlCharactersAndAreCutWithAMarker() {
    assertEquals("ab", CleanText.forRecord("a\u0000b"));
    assertEquals("ab", CleanText.forRecord("a\r\n\tb\u001b\u0085"));
    String cut = CleanText.forRecord("x".repeat(300));
    assertEquals(255, cut.length());
    assertTrue(cut.endsWith(CleanText.TRUNCATION_MARKER));
    assertNull(CleanText.forRecord(null));
  }

  @Test
  void aCutNeverSplitsASurrogatePairAndLoneSurrogatesGo() {
    String emoji = "\uD83D\uDE00";
    String cut = CleanText.forRecord(emoji.repeat(200), 100);
    assertTrue(cut.length() <= 100);
    assertFalse(CleanText.isForbidden(cut));
    assertEquals("ab", CleanText.forRecord("a\uD800b"));
    assertTrue(CleanText.isForbidden("a\uDC00"));
  }

  @Test
  void requireRefusesNulControlAndOverlongButKeepsMixedScript() {
    assertThrows(InvalidInputException.class, () -> CleanText.require("name", "a\u0000b", 10));
    assertThrows(InvalidInputException.class, () -> CleanText.require("name", "a\nb", 10));
    assertEquals("a\nb", CleanText.require("d", "a\nb", 10, false));
    assertThrows(InvalidInputException.class, () -> CleanText.require("name", "abcdef", 5));
    assertEquals("раураl", CleanText.require("name", "раураl", 10));
    assertThrows(
        InvalidInputException.class, () -> CleanText.requireRange("n", Long.MAX_VALUE, 0, 10));
  }

  @Test
  void percentEncodingMustBeWellFormedAndFreeOfControls() {
    assertTrue(CleanText.isCleanPercentEncoding("/v1/a%20b?x=%C3%A9"));
    assertFalse(CleanText.isCleanPercentEncoding("/v1/a%00b"));
    assertFalse(CleanText.isCleanPercentEncoding("/v1/a?x=%zz"));
    assertFalse(CleanText.isCleanPercentEncoding("/v1/a?x=%4"));
    assertFalse(CleanText.isCleanPercentEncoding("/v1/a?x=%1b"));
  }

  @Test
  void auditEventsAreBoundedWhereTheyAreBuilt() {
    AuditEvent event =
        AuditEvent.builder("client.authentication_failed")
            .actor("c".repeat(300) + "\u0000")
            .attribute("user_agent", "evil\r\nX-Injected: 1")
            .attribute("scopes", List.of("a\u0000", "b"))
            .build("token", Instant.EPOCH);
    assertEquals(255, event.actor().length());
    assertEquals("evilX-Injected: 1", event.attributes().get("user_agent"));
    assertEquals(List.of("a", "b"), event.attributes().get("scopes"));
  }
}
