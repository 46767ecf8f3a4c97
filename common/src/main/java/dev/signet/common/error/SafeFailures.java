package dev.signet.common.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log line may say about a failure. Database drivers put the values they were given into
 * their messages: the Vert.x client's "value = [...] can not be coerced", PostgreSQL's "Key
 * (token_hash)=(...) already exists" and "Failing row contains (...)". Those values can be token
 * hashes, secrets or personal data, and DESIGN's rule is that none of them reaches a log. So every
 * failure that is logged goes through here: its type and stack stay, the values go.
 */
public final class SafeFailures {

  static final String REDACTED = "[redacted]";

  /** The Vert.x SQL client's coercion message; the value ends where the sentence goes on. */
  private static final Pattern COERCED_VALUE =
      Pattern.compile("(value = )\\[.*?\\](?= can not be coerced)", Pattern.DOTALL);

  /** Any other bracketed value the Vert.x client reports. */
  private static final Pattern BRACKETED_VALUE = Pattern.compile("(value = )\\[[^\\]]*\\]");

  /** PostgreSQL's constraint details: {@code Key (column)=(value) already exists} and kin. */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "([Kk]ey \\([^)]*\\))=\\(.*?\\)(?= already exists| is not present| conflicts|\\.|$)");

  /** PostgreSQL's not-null and check violations print the whole row. */
  private static final Pattern FAILING_ROW =
      Pattern.compile("(Failing row contains )\\(.*\\)", Pattern.DOTALL);

  private SafeFailures() {}

  /** The message without the values drivers put in it; null stays null. */
  public static String redact(String message) {
    if (message == null) {
      return null;
    }
    String safe =
        COERCED_VALUE.matcher(message).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    safe = BRACKETED_VALUE.matcher(safe).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    safe = KEY_VALUE.matcher(safe).replaceAll("$1=" + Matcher.quoteReplacement("(redacted)"));
    return FAILING_ROW.matcher(safe).replaceAll("$1" + Matcher.quoteReplacement("(redacted)"));
  }

  /** {@code type: message} for a one-line warning, like {@link Throwable#toString()}. */
  public static String describe(Throwable failure) {
    String message = redact(failure.getMessage());
    String type = failure.getClass().getName();
    return message == null ? type : type + ": " + message;
  }

  /**
   * The failure and its causes as they should be logged with a stack trace: the same types (in the
   * text), the same frames, messages redacted.
   */
  public static Throwable forLog(Throwable failure) {
    return failure == null ? null : new Redacted(failure, 0);
  }

  /** A stand-in that prints as the original would, minus the values. */
  private static final class Redacted extends RuntimeException {

    /** Cause chains can loop; a log line needs only the first few links. */
    private static final int MAX_DEPTH = 16;

    Redacted(Throwable original, int depth) {
      super(
          describe(original),
          original.getCause() == null || original.getCause() == original || depth >= MAX_DEPTH
              ? null
              : new Redacted(original.getCause(), depth + 1),
          true,
          true);
      setStackTrace(original.getStackTrace());
      for (Throwable suppressed : original.getSuppressed()) {
        addSuppressed(new Redacted(suppressed, MAX_DEPTH));
      }
    }

    /** The message already is the original's {@code type: message}, redacted. */
    @Override
    public String toString() {
      return getMessage();
    }
  }
}
