package dev.signet.keyring;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The key ring's main paths against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class KeyringMainPathsIT extends KeyringMainPathsTest {}
