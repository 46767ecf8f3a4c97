package dev.signet.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged (or native) binary: run with -Pnative. */
@QuarkusIntegrationTest
class TokenServicePlatformIT extends TokenServicePlatformTest {}
