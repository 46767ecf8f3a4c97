package dev.signet.admin;

import dev.signet.common.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * admin-api's own outbox delivers to admin-api through this proxy, so a test can make the audit
 * intake unreachable and bring it back. The dispatcher's internal token comes from {@link
 * FakeTokenService}, not through this proxy. It starts switched off; tests point it at the HTTP
 * port once Quarkus runs and start it.
 */
public class AuditDeliveryProxy implements QuarkusTestResourceLifecycleManager {

  private static final TcpProxy PROXY = TcpProxy.to("127.0.0.1", 1);

  public static TcpProxy proxy() {
    return PROXY;
  }

  /**
   * Makes admin-api's internal token (the test endpoint behind this proxy) and its own audit intake
   * reachable, as every call to token-service's internal API needs that token.
   */
  public static void reachable() {
    PROXY.retarget(io.restassured.RestAssured.port);
    PROXY.start();
  }

  @Override
  public Map<String, String> start() {
    String base = "http://127.0.0.1:" + PROXY.port();
    // The internal token comes from FakeTokenService (in the test JVM), so it is there also for
    // the packaged jar and while this proxy is down.
    return Map.of("signet.audit.admin-url", base);
  }

  @Override
  public void stop() {
    PROXY.stop();
  }
}
