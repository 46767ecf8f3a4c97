package dev.signet.admin;

import dev.signet.common.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * admin-api's own outbox delivers to admin-api through this proxy, so a test can make the audit
 * intake unreachable and bring it back. It starts switched off; tests point it at the HTTP port
 * once Quarkus runs and start it.
 */
public class AuditDeliveryProxy implements QuarkusTestResourceLifecycleManager {

  private static final TcpProxy PROXY = TcpProxy.to("127.0.0.1", 1);

  public static TcpProxy proxy() {
    return PROXY;
  }

  @Override
  public Map<String, String> start() {
    return Map.of("signet.audit.admin-url", "http://127.0.0.1:" + PROXY.port());
  }

  @Override
  public void stop() {
    PROXY.stop();
  }
}
