package dev.signet.cert;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class CertServicePlatformIT extends CertServicePlatformTest {}
