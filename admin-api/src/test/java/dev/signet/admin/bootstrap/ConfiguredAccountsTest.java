package dev.signet.admin.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Array;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bootstrap admin and the internal account exist after start, seeded from configuration. */
@QuarkusTest
class ConfiguredAccountsTest {

  @Inject SecretHasher hasher;
  @Inject ConfiguredAccounts seeder;

  private Map<String, Object> row(String clientId) {
    return Sql.row(
        "SELECT scopes, status, secret_hash, secret_hash_version, created_by"
            + " FROM service_accounts WHERE client_id = ?",
        clientId);
  }

  private static String[] scopes(Map<String, Object> row) throws Exception {
    return (String[]) ((Array) row.get("scopes")).getArray();
  }

  @Test
  void bootstrapAdminIsSeededWithItsConfiguredSecret() throws Exception {
    Map<String, Object> r = row("signet-bootstrap-test");
    assertArrayEquals(new String[] {"signet:admin"}, scopes(r));
    assertEquals("active", r.get("status"));
    assertTrue(
        hasher.matches(
            "bootstrap-secret-for-tests-only",
            (byte[]) r.get("secret_hash"),
            (Integer) r.get("secret_hash_version")));
  }

  @Test
  void internalAccountIsSeededWithScopeInternal() throws Exception {
    Map<String, Object> r = row("signet-internal-test");
    assertArrayEquals(new String[] {"signet:internal"}, scopes(r));
    assertTrue(
        hasher.matches(
            "internal-secret-for-tests-only",
            (byte[]) r.get("secret_hash"),
            (Integer) r.get("secret_hash_version")));
  }

  @Test
  void seedingAgainChangesNothingAndAChangedSecretWins() throws Throwable {
    assertEquals(
        "unchanged",
        VertxContextSupport.subscribeAndAwait(
            () ->
                Panache.withTransaction(
                    () ->
                        seeder.ensure(
                            "signet-bootstrap-test",
                            "bootstrap-secret-for-tests-only",
                            "Bootstrap admin",
                            "signet:admin"))));
    VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(() -> seeder.ensure("signet-seed-x", "one", "X", "s")));
    assertEquals(
        "secret reset from configuration",
        VertxContextSupport.subscribeAndAwait(
            () -> Panache.withTransaction(() -> seeder.ensure("signet-seed-x", "two", "X", "s"))));
    Map<String, Object> r = row("signet-seed-x");
    assertTrue(
        hasher.matches(
            "two", (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version")));
    assertEquals(
        1, Sql.count("SELECT count(*) FROM service_accounts WHERE client_id = 'signet-seed-x'"));
  }
}
