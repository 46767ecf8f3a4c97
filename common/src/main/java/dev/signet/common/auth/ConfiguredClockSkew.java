package dev.signet.common.auth;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The clock skew of {@code signet.auth.clock-skew} (30 s unless set). */
@DefaultBean
@ApplicationScoped
public class ConfiguredClockSkew implements ClockSkew {

  private final Duration skew;

  ConfiguredClockSkew(@ConfigProperty(name = "signet.auth.clock-skew") Duration skew) {
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalStateException("signet.auth.clock-skew must be between 0 and 5 minutes");
    }
    this.skew = skew;
  }

  @Override
  public Duration current() {
    return skew;
  }
}
