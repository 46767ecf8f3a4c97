package dev.signet.keyring;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The platform contract against the packaged (or native) binary: run with -Pnative. */
@QuarkusIntegrationTest
class KeyringServicePlatformIT extends KeyringServicePlatformTest {}
