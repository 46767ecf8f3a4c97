package dev.signet.cert;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged (or native) binary: run with -Pnative. */
@QuarkusIntegrationTest
class CertServicePlatformIT extends CertServicePlatformTest {}
