package dev.signet.cert;

import dev.signet.common.testing.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics, OpenAPI and error format of this service. */
@QuarkusTest
class CertServicePlatformTest extends PlatformContractTest {}
