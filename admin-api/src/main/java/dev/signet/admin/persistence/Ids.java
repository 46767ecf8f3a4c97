package dev.signet.admin.persistence;

import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import java.util.UUID;

/** Row ids from a path or query: anything but a canonical UUID is a 400 naming the field. */
public final class Ids {

  private Ids() {}

  public static UUID uuid(String field, String value) {
    String v = CleanText.require(field, value, 36);
    if (v == null || v.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    try {
      UUID parsed = UUID.fromString(v);
      if (parsed.toString().equalsIgnoreCase(v)) {
        return parsed;
      }
    } catch (IllegalArgumentException e) {
      // not a UUID: answered below
    }
    throw new InvalidInputException(field, "must be a UUID");
  }
}
