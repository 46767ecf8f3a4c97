package dev.signet.keyring;

import dev.signet.common.testing.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics, OpenAPI and error format of this service. */
@QuarkusTest
class KeyringServicePlatformTest extends PlatformContractTest {}
