package dev.signet.admin.bootstrap;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.accounts.ServiceAccount;
import dev.signet.admin.accounts.ServiceAccountRepository;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Seeds the two accounts that must exist before any admin can act: the bootstrap admin (scope
 * signet:admin) and the services' internal account (scope signet:internal), each only when its
 * client id and secret are configured. Idempotent; when the configured secret no longer matches the
 * stored one, configuration wins, so operators can reset a lost bootstrap secret.
 */
@ApplicationScoped
public class ConfiguredAccounts {

  private static final Logger LOG = Logger.getLogger(ConfiguredAccounts.class);
  static final String ACTOR = "system:configuration";

  private final AdminConfig config;
  private final ServiceAccountRepository accounts;
  private final SecretHasher hasher;
  private final AuditRecorder audit;
  private final Clock clock;

  ConfiguredAccounts(
      AdminConfig config,
      ServiceAccountRepository accounts,
      SecretHasher hasher,
      AuditRecorder audit,
      Clock clock) {
    this.config = config;
    this.accounts = accounts;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) throws Throwable {
    seed(config.bootstrap(), "bootstrap", "Bootstrap admin", "signet:admin");
    seed(
        config.internalAccount(),
        "internal-account",
        "Signet internal services",
        "signet:internal");
  }

  private void seed(AdminConfig.SeededAccount account, String key, String name, String scope)
      throws Throwable {
    if (account.clientId().isEmpty() && account.clientSecret().isEmpty()) {
      return;
    }
    if (account.clientId().isEmpty() || account.clientSecret().isEmpty()) {
      throw new IllegalStateException(
          "signet.admin."
              + key
              + ".client-id and signet.admin."
              + key
              + ".client-secret must be set together");
    }
    String clientId = account.clientId().get();
    String secret = account.clientSecret().get();
    String outcome =
        VertxContextSupport.subscribeAndAwait(
            () -> Panache.withTransaction(() -> ensure(clientId, secret, name, scope)));
    LOG.infof("service account %s from configuration: %s", clientId, outcome);
  }

  Uni<String> ensure(String clientId, String secret, String name, String scope) {
    return accounts
        .findByClientId(clientId)
        .chain(
            existing -> {
              if (existing == null) {
                return create(clientId, secret, name, scope).replaceWith("created");
              }
              if (existing.secretHash != null
                  && hasher.matches(secret, existing.secretHash, existing.secretHashVersion)) {
                return Uni.createFrom().item("unchanged");
              }
              return resetSecret(existing, secret).replaceWith("secret reset from configuration");
            });
  }

  private Uni<Void> create(String clientId, String secret, String name, String scope) {
    Instant now = Instant.now(clock);
    HashedSecret hashed = hasher.hash(secret);
    ServiceAccount a = new ServiceAccount();
    a.id = UUID.randomUUID();
    a.clientId = clientId;
    a.name = name;
    a.description = "Seeded from configuration at start";
    a.secretHash = hashed.hash();
    a.secretHashVersion = hashed.version();
    a.tokenEndpointAuthMethod = "client_secret_basic";
    a.scopes = new String[] {scope};
    a.roles = new String[0];
    a.allowedAudiences = new String[0];
    a.ipAllowList = new String[0];
    a.status = "active";
    a.createdAt = now;
    a.updatedAt = now;
    a.createdBy = ACTOR;
    return accounts
        .persist(a)
        .chain(
            () ->
                audit.record(
                    AuditEvent.builder("admin.service_account.seeded")
                        .actor(ACTOR)
                        .target(clientId)
                        .attribute("scopes", java.util.List.of(scope))))
        .replaceWithVoid();
  }

  private Uni<Void> resetSecret(ServiceAccount a, String secret) {
    HashedSecret hashed = hasher.hash(secret);
    a.secretHash = hashed.hash();
    a.secretHashVersion = hashed.version();
    a.previousSecretHash = null;
    a.previousSecretHashVersion = null;
    a.previousSecretExpiresAt = null;
    a.updatedAt = Instant.now(clock);
    return audit
        .record(
            AuditEvent.builder("admin.service_account.secret_reset")
                .actor(ACTOR)
                .target(a.clientId))
        .replaceWithVoid();
  }
}
