package dev.signet.keyring;

import dev.signet.common.testing.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;

/** Health, metrics, OpenAPI and error format of this service. */
@QuarkusTest
class KeyringServicePlatformTest extends PlatformContractTest {

  /** The key ring's gauges exist from the start, before any key does. */
  @Override
  protected List<String> expectedMetricNames() {
    List<String> names = new ArrayList<>(super.expectedMetricNames());
    names.add("signet_keyring_keys");
    names.add("signet_jwks_published_keys");
    names.add("signet_keyring_seconds_until_next_rotation");
    return names;
  }
}
