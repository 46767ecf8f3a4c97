package dev.signet.delegation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged (or native) binary: run with -Pnative. */
@QuarkusIntegrationTest
class DelegationServicePlatformIT extends DelegationServicePlatformTest {}
