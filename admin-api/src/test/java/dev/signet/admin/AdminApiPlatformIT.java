package dev.signet.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged (or native) binary: run with -Pnative. */
@QuarkusIntegrationTest
class AdminApiPlatformIT extends AdminApiPlatformTest {}
