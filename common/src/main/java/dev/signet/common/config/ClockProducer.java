package dev.signet.common.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The system UTC clock; tests that drive time replace it with an alternative bean. */
public class ClockProducer {

  @Produces
  @Singleton
  @DefaultBean
  Clock systemClock() {
    return Clock.systemUTC();
  }
}
