package dev.signet.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Like {@link PostgresTestResource}, but the service reaches the database through a {@link
 * TcpProxy} that tests stop and start to make the database go away and come back.
 */
public class ProxiedPostgresTestResource implements QuarkusTestResourceLifecycleManager {

  private static TcpProxy proxy;

  /** The proxy between the service and its database. */
  public static synchronized TcpProxy proxy() {
    if (proxy == null) {
      TestDatabase db = PostgresTestResource.database();
      proxy = TcpProxy.to(db.host(), db.port()).start();
    }
    return proxy;
  }

  @Override
  public Map<String, String> start() {
    TestDatabase db = PostgresTestResource.database();
    TcpProxy p = proxy();
    return Map.of(
        "signet.db.url", "postgresql://127.0.0.1:" + p.port() + "/" + db.name(),
        "signet.db.username", db.username(),
        "signet.db.password", db.password());
  }

  @Override
  public void stop() {
    // the proxy dies with the JVM
  }
}
