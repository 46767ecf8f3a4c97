package dev.signet.token.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one external key-set cache of this replica, with the configured bounds. */
@ApplicationScoped
class ExternalJwksProducer {

  // Singleton: no client proxy around a final class.
  @Produces
  @Singleton
  ExternalJwks externalJwks(FederationConfig config, Clock clock) {
    return new ExternalJwks(
        new ExternalJwks.Settings(
            config.jwksTimeout(),
            config.jwksMaxBytes(),
            config.jwksRefetchInterval(),
            config.jwksMinCache(),
            config.jwksMaxCache(),
            config.jwksDefaultCache()),
        clock);
  }
}
