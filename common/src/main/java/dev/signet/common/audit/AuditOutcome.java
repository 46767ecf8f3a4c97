package dev.signet.common.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/** How a security-relevant action ended. */
@RegisterForReflection
public enum AuditOutcome {
  SUCCESS,
  FAILURE,
  DENIED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
