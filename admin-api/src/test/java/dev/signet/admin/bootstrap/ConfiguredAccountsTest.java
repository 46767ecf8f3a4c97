package dev.signet.admin.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Array;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap admin and one internal account per service exist after start, seeded from
 * configuration, which manages them alone: it resets their secrets, but never takes over an account
 * made through the API.
 */
@QuarkusTest
class ConfiguredAccountsTest {

  @Inject SecretHasher hasher;
  @Inject ConfiguredAccounts seeder;
  @Inject AdminConfig config;

  private Map<String, Object> row(String clientId) {
    return Sql.row(
        "SELECT scopes, status, secret_hash, secret_hash_version, created_by, configured_by,"
            + " internal_service"
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
  void eachServiceGetsItsOwnInternalAccount() throws Exception {
    for (String service : List.of("token", "keyring", "delegation", "cert")) {
      Map<String, Object> r = row("signet-" + service);
      assertArrayEquals(new String[] {"signet:internal"}, scopes(r));
      assertEquals(service, r.get("internal_service"));
      assertEquals("signet.admin.internal-accounts." + service, r.get("configured_by"));
      assertTrue(
          hasher.matches(
              service + "-internal-secret-for-tests-only",
              (byte[]) r.get("secret_hash"),
              (Integer) r.get("secret_hash_version")));
    }
    assertEquals("admin", row("admin-test-internal").get("internal_service"));
    assertEquals(null, row("signet-bootstrap-test").get("internal_service"));
    assertEquals("signet.admin.bootstrap", row("signet-bootstrap-test").get("configured_by"));
  }

  private static ConfiguredAccounts.Seed seed(String clientId, String secret) {
    return new ConfiguredAccounts.Seed(
        "signet.admin.internal-accounts.x", clientId, secret, "X", "s", null);
  }

  private String ensure(ConfiguredAccounts.Seed seed) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(() -> seeder.ensure(seed)));
  }

  @Test
  void seedingAgainChangesNothingAndAChangedSecretWins() throws Throwable {
    assertEquals(
        "signet-bootstrap-test unchanged",
        ensure(
            new ConfiguredAccounts.Seed(
                "signet.admin.bootstrap",
                "signet-bootstrap-test",
                "bootstrap-secret-for-tests-only",
                "Bootstrap admin",
                "signet:admin",
                null)));
    ensure(seed("signet-seed-x", "one"));
    assertEquals(
        "signet-seed-x secret reset from configuration", ensure(seed("signet-seed-x", "two")));
    Map<String, Object> r = row("signet-seed-x");
    assertTrue(
        hasher.matches(
            "two", (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version")));
    assertEquals(
        1, Sql.count("SELECT count(*) FROM service_accounts WHERE client_id = 'signet-seed-x'"));
  }

  @Test
  void configurationNeverTakesOverAnAccountCreatedThroughTheApi() throws Throwable {
    Sql.update(
        "INSERT INTO service_accounts (id, client_id, name, status, secret_hash,"
            + " secret_hash_version) VALUES (?, 'api-made', 'a', 'active', ?, ?)",
        UUID.randomUUID(),
        hasher.hash("rotated-by-an-admin").hash(),
        hasher.hash("rotated-by-an-admin").version());
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class, () -> ensure(seed("api-made", "from-configuration")));
    assertTrue(refused.getMessage().contains("signet.admin.internal-accounts.x.client-id"));
    Map<String, Object> r = row("api-made");
    assertTrue(
        hasher.matches(
            "rotated-by-an-admin",
            (byte[]) r.get("secret_hash"),
            (Integer) r.get("secret_hash_version")));
    assertEquals(null, r.get("configured_by"));
  }

  @Test
  void anAccountConfigurationNoLongerNamesIsDisabled() throws Throwable {
    ensure(seed("signet-seed-retired", "s"));
    VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(() -> seeder.apply(ConfiguredAccounts.seeds(config))));
    assertEquals("disabled", row("signet-seed-retired").get("status"));
    assertEquals("active", row("signet-token").get("status"));
  }
}
