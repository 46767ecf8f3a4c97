package dev.signet.delegation.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a matching policy says. Deny overrides allow; no matching policy is a deny. */
public enum Effect {
  ALLOW,
  DENY;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Effect of(String value) {
    if ("allow".equals(value)) {
      return ALLOW;
    }
    if ("deny".equals(value)) {
      return DENY;
    }
    throw new IllegalArgumentException("effect must be allow or deny");
  }
}
