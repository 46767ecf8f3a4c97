package dev.signet.token;

import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** Health, metrics, OpenAPI and error format of this service. */
@QuarkusTest
class TokenServicePlatformTest extends PlatformContractTest {

  /** Readiness includes "an active signing key was loaded" (SigningKeyReadiness). */
  @BeforeEach
  void activeKey() {
    DatabaseTestTokens.fromTestProfile().ensureActiveKey();
  }

  /**
   * Counters with per-client or per-reason tags appear with their first event; this one at start.
   */
  @Override
  protected List<String> expectedMetricNames() {
    List<String> names = new ArrayList<>(super.expectedMetricNames());
    names.add("signet_refresh_reuse_incidents_total");
    return names;
  }
}
