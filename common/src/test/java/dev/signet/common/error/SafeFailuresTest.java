package dev.signet.common.error;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SafeFailuresTest {

  private static final String SECRET = "d2hhdC1hLXNlY3JldA]x";

  @Test
  void vertxCoercionValueIsRedacted() {
    String message =
        "Parameter at position[0] with class = [java.lang.String] and value = ["
            + SECRET
            + "] can not be coerced to the expected class = [java.util.UUID] for encoding.";
    String safe = SafeFailures.redact(message);
    assertFalse(safe.contains("d2hhdC1h"), safe);
    assertTrue(safe.contains("class = [java.lang.String] and value = [redacted] can not"), safe);
    assertTrue(safe.contains("expected class = [java.util.UUID]"), safe);
  }

  @Test
  void postgresKeyDetailsAndFailingRowsAreRedacted() {
    assertEquals(
        "duplicate key value violates unique constraint \"refresh_tokens_hash\": "
            + "Key (token_hash)=(redacted) already exists.",
        SafeFailures.redact(
            "duplicate key value violates unique constraint \"refresh_tokens_hash\": "
                + "Key (token_hash)=(\\x9f00aa) already exists."));
    assertEquals(
        "Key (client_id)=(redacted) is not present in table \"service_accounts\".",
        SafeFailures.redact(
            "Key (client_id)=(ci-42) is not present in table \"service_accounts\"."));
    assertEquals(
        "null value in column \"secret\" violates not-null constraint. Failing row contains (redacted)",
        SafeFailures.redact(
            "null value in column \"secret\" violates not-null constraint. "
                + "Failing row contains (42, s3cret, null)"));
  }

  @Test
  void harmlessMessagesStayAsTheyAre() {
    String message = "Connection refused: /127.0.0.1:5432";
    assertEquals(message, SafeFailures.redact(message));
    assertNull(SafeFailures.redact(null));
    assertEquals(
        "java.lang.IllegalStateException", SafeFailures.describe(new IllegalStateException()));
  }

  @Test
  void logCopyKeepsTypesFramesAndCausesButNotValues() {
    IllegalArgumentException cause =
        new IllegalArgumentException("value = [" + SECRET + "] can not be coerced to UUID");
    RuntimeException failure = new RuntimeException("request failed", cause);
    failure.addSuppressed(new IllegalStateException("Key (jti)=(abc-123) already exists."));

    Throwable copy = SafeFailures.forLog(failure);
    StringWriter text = new StringWriter();
    copy.printStackTrace(new PrintWriter(text));
    String printed = text.toString();

    assertFalse(printed.contains("d2hhdC1h"), printed);
    assertFalse(printed.contains("abc-123"), printed);
    assertTrue(printed.startsWith("java.lang.RuntimeException: request failed"), printed);
    assertTrue(
        printed.contains("Caused by: java.lang.IllegalArgumentException: value = [redacted]"),
        printed);
    assertTrue(printed.contains("Suppressed: java.lang.IllegalStateException"), printed);
    assertArrayEquals(failure.getStackTrace(), copy.getStackTrace());
    assertArrayEquals(cause.getStackTrace(), copy.getCause().getStackTrace());
  }

  @Test
  void causeLoopsEnd() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    Throwable copy = SafeFailures.forLog(a);
    int depth = 0;
    for (Throwable t = copy; t != null; t = t.getCause()) {
      depth++;
    }
    assertTrue(depth <= 17, "depth " + depth);
  }
}
