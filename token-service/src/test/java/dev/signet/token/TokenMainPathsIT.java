package dev.signet.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The token service's main paths against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class TokenMainPathsIT extends TokenMainPathsTest {}
