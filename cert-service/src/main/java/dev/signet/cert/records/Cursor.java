package dev.signet.cert.records;

import dev.signet.common.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Keyset position of a listing: the last row's creation time (microseconds, as PostgreSQL keeps
 * them) and serial. Opaque to callers; a cursor that does not parse is the caller's mistake (400).
 */
public record Cursor(Instant createdAt, String serial) {

  private static final Pattern FORM = Pattern.compile("(-?\\d{1,19})\\.([0-9a-f]{1,40})");

  public String encode() {
    long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + "." + serial).getBytes(StandardCharsets.US_ASCII));
  }

  public static Cursor decode(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      if (text.length() > 100) {
        throw new IllegalArgumentException();
      }
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
      var m = FORM.matcher(raw);
      if (!m.matches()) {
        throw new IllegalArgumentException();
      }
      long micros = Long.parseLong(m.group(1));
      return new Cursor(
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
          m.group(2));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw ProblemException.badRequest("the cursor is not one this API gave out");
    }
  }
}
