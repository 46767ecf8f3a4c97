package dev.signet.cert;

import dev.signet.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of this module runs against its own fresh PostgreSQL database. */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public final class CertServiceTestDatabase {
  private CertServiceTestDatabase() {}
}
