package dev.signet.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class AdminApiPlatformIT extends AdminApiPlatformTest {}
