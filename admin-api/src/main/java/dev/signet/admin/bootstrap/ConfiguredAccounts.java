package dev.signet.admin.bootstrap;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.accounts.ServiceAccount;
import dev.signet.admin.accounts.ServiceAccountRepository;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.Scopes;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Seeds the accounts that must exist before any admin can act: the bootstrap admin (scope
 * signet:admin) and one internal account per service (scope signet:internal, remembered as that
 * service's), each only when its client id and secret are configured. These accounts are managed by
 * configuration alone (read-only through the API), so configuration wins on them: a changed secret
 * is reset, scopes and status are restored, and an account configuration no longer names is
 * disabled. An account created through the API is never taken over: start fails instead.
 */
@ApplicationScoped
public class ConfiguredAccounts {

  private static final Logger LOG = Logger.getLogger(ConfiguredAccounts.class);
  static final String ACTOR = "system:configuration";
  static final String BOOTSTRAP = "signet.admin.bootstrap";
  static final String INTERNAL = "signet.admin.internal-accounts.";

  /** Service names as they appear in audit events (AuditEvent.service is at most 50). */
  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,49}");

  /** One account configuration manages. */
  record Seed(
      String setting, String clientId, String secret, String name, String scope, String service) {}

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
    List<Seed> seeds = seeds(config);
    List<String> outcomes =
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> apply(seeds)));
    outcomes.forEach(o -> LOG.infof("service account from configuration: %s", o));
  }

  /** The configured accounts, checked: every pair complete, no client id named twice. */
  static List<Seed> seeds(AdminConfig config) {
    List<Seed> seeds = new ArrayList<>();
    seed(config.bootstrap(), BOOTSTRAP, "Bootstrap admin", Scopes.ADMIN, null)
        .ifPresent(seeds::add);
    for (Map.Entry<String, AdminConfig.SeededAccount> e :
        config.internalAccounts().byService().entrySet()) {
      String service = e.getKey();
      if (!SERVICE.matcher(service).matches()) {
        throw new IllegalStateException(
            INTERNAL + service + ": the service name must be lower-case letters, digits or -");
      }
      seed(
              e.getValue(),
              INTERNAL + service,
              "Signet " + service + " (internal)",
              Scopes.INTERNAL,
              service)
          .ifPresent(seeds::add);
    }
    Map<String, String> settingByClient = new HashMap<>();
    for (Seed s : seeds) {
      String other = settingByClient.putIfAbsent(s.clientId(), s.setting());
      if (other != null) {
        throw new IllegalStateException(
            other
                + ".client-id and "
                + s.setting()
                + ".client-id name the same client id "
                + s.clientId()
                + "; every configured account needs its own");
      }
    }
    return seeds;
  }

  private static java.util.Optional<Seed> seed(
      AdminConfig.SeededAccount account,
      String setting,
      String name,
      String scope,
      String service) {
    if (account.clientId().isEmpty() && account.clientSecret().isEmpty()) {
      return java.util.Optional.empty();
    }
    if (account.clientId().isEmpty() || account.clientSecret().isEmpty()) {
      throw new IllegalStateException(
          setting + ".client-id and " + setting + ".client-secret must be set together");
    }
    return java.util.Optional.of(
        new Seed(
            setting, account.clientId().get(), account.clientSecret().get(), name, scope, service));
  }

  /** Retires what configuration no longer names, then creates or restores every seed. */
  Uni<List<String>> apply(List<Seed> seeds) {
    List<String> configured = seeds.stream().map(Seed::clientId).toList();
    return accounts
        .list("configuredBy is not null")
        .chain(
            existing ->
                Multi.createFrom()
                    .iterable(existing)
                    .filter(a -> !configured.contains(a.clientId))
                    .onItem()
                    .transformToUniAndConcatenate(this::retire)
                    .collect()
                    .asList())
        .call(accounts::flush)
        .chain(
            retired ->
                Multi.createFrom()
                    .iterable(seeds)
                    .onItem()
                    .transformToUniAndConcatenate(this::ensure)
                    .collect()
                    .asList()
                    .map(
                        ensured -> {
                          List<String> all = new ArrayList<>(retired);
                          all.addAll(ensured);
                          return all;
                        }));
  }

  /** Creates the account, or brings the existing configured one back to what is configured. */
  Uni<String> ensure(Seed seed) {
    return accounts
        .findByClientId(seed.clientId())
        .chain(
            existing -> {
              if (existing == null) {
                return create(seed).replaceWith(seed.clientId() + " created");
              }
              if (!existing.isConfigured()) {
                // Taking it over would turn an admin-made account into a configured one, and
                // overwrite the secret its admin rotated.
                return Uni.createFrom()
                    .failure(
                        new IllegalStateException(
                            seed.setting()
                                + ".client-id is "
                                + seed.clientId()
                                + ", an account that was created through the API; configure"
                                + " another client id or delete that account"));
              }
              return restore(existing, seed);
            });
  }

  private Uni<Void> create(Seed seed) {
    Instant now = Instant.now(clock);
    HashedSecret hashed = hasher.hash(seed.secret());
    ServiceAccount a = new ServiceAccount();
    a.id = UUID.randomUUID();
    a.clientId = seed.clientId();
    a.name = seed.name();
    a.description = "Managed by configuration (" + seed.setting() + ")";
    a.secretHash = hashed.hash();
    a.secretHashVersion = hashed.version();
    a.tokenEndpointAuthMethod = "client_secret_basic";
    a.scopes = new String[] {seed.scope()};
    a.roles = new String[0];
    a.allowedAudiences = new String[0];
    a.ipAllowList = new String[0];
    a.status = "active";
    a.createdAt = now;
    a.updatedAt = now;
    a.createdBy = ACTOR;
    a.configuredBy = seed.setting();
    a.internalService = seed.service();
    return accounts
        .persist(a)
        .chain(
            () ->
                audit.record(
                    AuditEvent.builder("admin.service_account.seeded")
                        .actor(ACTOR)
                        .target(seed.clientId())
                        .attribute("scopes", List.of(seed.scope()))
                        .attribute("setting", seed.setting())))
        .replaceWithVoid();
  }

  private Uni<String> restore(ServiceAccount a, Seed seed) {
    List<String> changed = new ArrayList<>();
    if (a.secretHash == null || !hasher.matches(seed.secret(), a.secretHash, a.secretHashVersion)) {
      HashedSecret hashed = hasher.hash(seed.secret());
      a.secretHash = hashed.hash();
      a.secretHashVersion = hashed.version();
      a.previousSecretHash = null;
      a.previousSecretHashVersion = null;
      a.previousSecretExpiresAt = null;
      changed.add("secret reset");
    }
    if (!List.of(a.scopes).equals(List.of(seed.scope()))) {
      a.scopes = new String[] {seed.scope()};
      changed.add("scopes");
    }
    if (!"active".equals(a.status)) {
      a.status = "active";
      changed.add("enabled");
    }
    if (!seed.setting().equals(a.configuredBy)
        || !java.util.Objects.equals(seed.service(), a.internalService)) {
      a.configuredBy = seed.setting();
      a.internalService = seed.service();
      changed.add("setting");
    }
    if (changed.isEmpty()) {
      return Uni.createFrom().item(seed.clientId() + " unchanged");
    }
    a.updatedAt = Instant.now(clock);
    return audit
        .record(
            AuditEvent.builder("admin.service_account.reset_from_configuration")
                .actor(ACTOR)
                .target(a.clientId)
                .attribute("changed", changed)
                .attribute("setting", seed.setting()))
        .replaceWith(seed.clientId() + " " + String.join(", ", changed) + " from configuration");
  }

  /** Configuration no longer names it: disabled, and no longer any service's internal account. */
  private Uni<String> retire(ServiceAccount a) {
    if (!"active".equals(a.status) && a.internalService == null) {
      return Uni.createFrom().item(a.clientId + " retired earlier (no longer configured)");
    }
    String setting = a.configuredBy;
    a.status = "disabled";
    a.internalService = null;
    a.updatedAt = Instant.now(clock);
    LOG.warnf(
        "service account %s was managed by %s, which is no longer configured: disabled",
        a.clientId, setting);
    return audit
        .record(
            AuditEvent.builder("admin.service_account.retired_from_configuration")
                .actor(ACTOR)
                .target(a.clientId)
                .attribute("setting", setting))
        .replaceWith(a.clientId + " retired (no longer configured): disabled");
  }
}
