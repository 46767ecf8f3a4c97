package dev.signet.admin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Turns the outbox dispatcher's schedule on (tests otherwise drive it by hand), so that admin-api's
 * own audit events travel as in production: scheduled, with an internal token from the token
 * endpoint, through the audit REST client, into admin-api's own intake.
 */
public class ScheduledAuditDispatch implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("signet.audit.dispatch-enabled", "true", "signet.audit.dispatch-interval", "1s");
  }

  @Override
  public void stop() {}
}
