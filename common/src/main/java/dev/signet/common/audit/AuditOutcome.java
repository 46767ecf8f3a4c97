package dev.signet.common.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a security-relevant action ended. */
public enum AuditOutcome {
  SUCCESS,
  FAILURE,
  DENIED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
