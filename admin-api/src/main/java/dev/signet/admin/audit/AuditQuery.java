package dev.signet.admin.audit;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Filters and position of an audit trail search. The cursor is the opaque form of the last sequence
 * number seen: events arriving meanwhile get higher numbers and never shift a page.
 */
public record AuditQuery(
    String type,
    String actor,
    String subject,
    String taskId,
    Instant from,
    Instant to,
    Long before,
    int limit) {

  static final int MAX_LIMIT = 500;

  /** Time filters outside these bounds cannot match and would be outside PostgreSQL's range. */
  private static final Instant EARLIEST = Instant.EPOCH;

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  public static AuditQuery parse(
      String type,
      String actor,
      String subject,
      String taskId,
      String from,
      String to,
      String cursor,
      String limit) {
    List<Problem.FieldError> errors = new ArrayList<>();
    type = clean("type", type, 100, errors);
    actor = clean("actor", actor, 255, errors);
    subject = clean("subject", subject, 255, errors);
    taskId = clean("task_id", taskId, TaskChain.TASK_ID_MAX, errors);
    Instant fromTime = instant("from", from, errors);
    Instant toTime = instant("to", to, errors);
    Long before = decodeCursor(cursor, errors);
    int size = pageSize(limit);
    if (size < 1 || size > MAX_LIMIT) {
      errors.add(new Problem.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
    }
    if (fromTime != null && toTime != null && fromTime.isAfter(toTime)) {
      errors.add(new Problem.FieldError("from", "must not be after 'to'"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.validation("The query parameters are invalid.", errors);
    }
    return new AuditQuery(
        blankToNull(type),
        blankToNull(actor),
        blankToNull(subject),
        blankToNull(taskId),
        fromTime,
        toTime,
        before,
        size);
  }

  /** The value when it is short and clean enough to be stored; null and an error otherwise. */
  static String clean(String name, String value, int max, List<Problem.FieldError> errors) {
    try {
      return CleanText.require(name, value, max);
    } catch (InvalidInputException e) {
      errors.add(new Problem.FieldError(e.field(), e.problem()));
      return null;
    }
  }

  private static int pageSize(String limit) {
    if (limit == null || limit.isBlank()) {
      return 50;
    }
    try {
      return Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String encodeCursor(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decodeCursor(String cursor, List<Problem.FieldError> errors) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    if (cursor.length() > 64) {
      errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned"));
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("seq:")) {
        return Long.parseLong(text.substring(4));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned"));
    return null;
  }

  private static Instant instant(String name, String value, List<Problem.FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant at = Instant.parse(value.length() > 40 ? "too long" : value);
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        errors.add(new Problem.FieldError(name, "must be between years 1970 and 9999"));
        return null;
      }
      return at;
    } catch (DateTimeParseException e) {
      errors.add(
          new Problem.FieldError(name, "must be an RFC 3339 time such as 2026-01-31T12:00:00Z"));
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
