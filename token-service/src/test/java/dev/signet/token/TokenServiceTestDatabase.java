package dev.signet.token;

import dev.signet.common.testing.PostgresTestResource;
import dev.signet.token.delegation.DelegationServiceStub;
import dev.signet.token.passkey.AdminVerifyStub;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest of this module runs against its own fresh PostgreSQL database, and with a
 * delegation-service hop check on loopback (the delegated exchange's peer) and admin-api's invite
 * redemption (the welcome page's peer).
 */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = DelegationServiceStub.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = AdminVerifyStub.class, restrictToAnnotatedClass = false)
public final class TokenServiceTestDatabase {
  private TokenServiceTestDatabase() {}
}
