package dev.signet.keyring.importing;

import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.KeyImportException;
import dev.signet.common.keys.MasterKeys;
import dev.signet.common.keys.PemKeys;
import dev.signet.common.keys.SigningKeyMaterial;
import dev.signet.keyring.KeyringConfig;
import dev.signet.keyring.jwks.JwksCache;
import dev.signet.keyring.ring.KeyRing;
import dev.signet.keyring.ring.SigningKey;
import dev.signet.keyring.ring.SigningKeyRepository;
import dev.signet.keyring.rotation.RotationPolicyRepository;
import dev.signet.keyring.rotation.TokenLifetimes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Import mode: an operator's own key from {@code signet.keyring.import-key.pem} or {@code .file}
 * becomes the active key at startup (once; a restart with the same key changes nothing). A key that
 * cannot be used stops the start with a message naming the setting.
 */
@ApplicationScoped
public class KeyImport {

  static final String PEM_SETTING = "signet.keyring.import-key.pem";
  static final String FILE_SETTING = "signet.keyring.import-key.file";
  private static final String ACTOR = "keyring-import";
  private static final Logger LOG = Logger.getLogger(KeyImport.class);

  private final KeyringConfig config;
  private final KeyRing ring;
  private final SigningKeyRepository keys;
  private final RotationPolicyRepository policies;
  private final Pool pool;
  private final JwksCache jwks;
  private final KeyChangeNotifications notifications;
  private final MasterKeys masterKeys;

  KeyImport(
      KeyringConfig config,
      KeyRing ring,
      SigningKeyRepository keys,
      RotationPolicyRepository policies,
      Pool pool,
      JwksCache jwks,
      KeyChangeNotifications notifications,
      MasterKeys masterKeys) {
    this.masterKeys = masterKeys;
    this.config = config;
    this.ring = ring;
    this.keys = keys;
    this.policies = policies;
    this.pool = pool;
    this.jwks = jwks;
    this.notifications = notifications;
  }

  void onStart(@Observes StartupEvent event) throws Throwable {
    try {
      // The key ring cannot store a key without master keys: refuse to start, naming the setting.
      masterKeys.currentVersion();
    } catch (IllegalStateException e) {
      throw new ConfigurationException(e.getMessage());
    }
    Optional<SigningKeyMaterial> material =
        load(config.importKey().pem(), config.importKey().file());
    if (material.isEmpty()) {
      return;
    }
    String outcome = VertxContextSupport.subscribeAndAwait(() -> store(material.get()));
    LOG.infof(
        "import mode: key %s (%s) %s", material.get().kid(), material.get().algorithm(), outcome);
  }

  /** Reads and checks the configured key; a {@link ConfigurationException} names the setting. */
  static Optional<SigningKeyMaterial> load(Optional<String> pem, Optional<Path> file) {
    Optional<String> text = pem.filter(s -> !s.isBlank());
    String setting = PEM_SETTING;
    if (text.isEmpty() && file.isPresent()) {
      setting = FILE_SETTING;
      try {
        text = Optional.of(Files.readString(file.get()));
      } catch (IOException | RuntimeException e) {
        throw new ConfigurationException(
            FILE_SETTING
                + ": cannot read "
                + file.get()
                + " ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PemKeys.parse(text.get(), setting));
    } catch (KeyImportException e) {
      throw new ConfigurationException(e.getMessage());
    }
  }

  private Uni<String> store(SigningKeyMaterial material) {
    return TokenLifetimes.read(pool)
        .chain(
            lifetimes ->
                Panache.withTransaction(
                    () ->
                        ring.lock()
                            .chain(policies::current)
                            .chain(
                                policy ->
                                    keys.findById(material.kid())
                                        .chain(
                                            existing ->
                                                apply(
                                                    material,
                                                    existing,
                                                    policy.timings().retireDelay(lifetimes))))))
        .call(
            outcome -> {
              notifications.fireLocally();
              return jwks.refresh();
            });
  }

  private Uni<String> apply(
      SigningKeyMaterial material, SigningKey existing, java.time.Duration retireDelay) {
    if (existing == null) {
      return ring.importActive(material, retireDelay, ACTOR).replaceWith("imported and active");
    }
    return switch (existing.keyState()) {
      case ACTIVE -> Uni.createFrom().item("already active");
      case REVOKED ->
          Uni.createFrom()
              .failure(
                  new ConfigurationException(
                      "the key in "
                          + PEM_SETTING
                          + "/"
                          + FILE_SETTING
                          + " (kid "
                          + material.kid()
                          + ") was revoked; supply a new key"));
      default -> ring.activate(existing, retireDelay, ACTOR).replaceWith("re-activated");
    };
  }

  /** Whether a key is configured for import. */
  public boolean enabled() {
    return config.importKey().pem().filter(s -> !s.isBlank()).isPresent()
        || config.importKey().file().isPresent();
  }
}
