package dev.signet.delegation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class DelegationServicePlatformIT extends DelegationServicePlatformTest {}
