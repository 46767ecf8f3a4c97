package dev.signet.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The admin API's main paths against the packaged jar, or the native binary under -Pnative. */
@QuarkusIntegrationTest
class AdminMainPathsIT extends AdminMainPathsTest {}
