package dev.signet.admin.console;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Says at start how the console signs people in. A missing client secret does not stop admin-api
 * (its REST APIs do not need the console), but sign-in cannot work without it, so the log names the
 * setting.
 */
@ApplicationScoped
class ConsoleStartup {

  private static final Logger LOG = Logger.getLogger(ConsoleStartup.class);

  void onStart(@Observes StartupEvent event, ConsoleConfig config) {
    if (config.clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
      LOG.warn(
          "console sign-in is not configured: set signet.admin.console.client-secret (the secret"
              + " of client "
              + config.clientId()
              + " at token-service)");
    } else {
      LOG.infof(
          "console signs in as OIDC client %s at %s",
          config.clientId(), config.issuerUrl().orElse("signet.issuer"));
    }
  }
}
