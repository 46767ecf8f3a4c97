package dev.signet.admin.accounts;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.time.Duration;

/**
 * The {@code overlap_seconds} of a secret rotation as the REST API and the console both take it:
 * absent or blank means the configured default, anything but a whole number up to the maximum is
 * refused naming the field.
 */
public final class SecretOverlap {

  private SecretOverlap() {}

  /** The overlap in seconds, or null for the configured default. */
  public static Long parse(String value, Duration max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    long maxSeconds = max.toSeconds();
    CleanText.require("overlap_seconds", value, 20);
    try {
      return CleanText.requireRange("overlap_seconds", Long.parseLong(value.trim()), 0, maxSeconds);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "overlap_seconds", "must be a whole number of seconds between 0 and " + maxSeconds);
    }
  }
}
