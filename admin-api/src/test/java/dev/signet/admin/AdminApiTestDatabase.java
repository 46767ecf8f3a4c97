package dev.signet.admin;

import dev.signet.common.testing.ProxiedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest of this module runs against its own fresh PostgreSQL database, reached through
 * a proxy the tests can cut, and delivers its audit outbox through another such proxy. Token
 * administration calls go to {@link FakeTokenService}, invitation mail to {@link FakeSes}, the
 * console's sign-in to {@link ConsoleTestIssuer}.
 */
@QuarkusTestResource(value = ProxiedPostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AuditDeliveryProxy.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeTokenService.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeSes.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ConsoleTestIssuer.class, restrictToAnnotatedClass = false)
public final class AdminApiTestDatabase {
  private AdminApiTestDatabase() {}
}
