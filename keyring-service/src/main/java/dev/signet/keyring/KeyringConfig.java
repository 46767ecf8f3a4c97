package dev.signet.keyring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the key ring service. Master keys and the signer cache live in common's {@code
 * KeysConfig} under the same prefix; the rotation policy itself is in the database and editable
 * over the API.
 */
@ConfigMapping(prefix = "signet.keyring")
public interface KeyringConfig {

  /** Bring-your-own key: when set, the key ring imports this key and rotates nothing itself. */
  Import importKey();

  Rotation rotation();

  Jwks jwks();

  /** Import mode: an operator-supplied private key. */
  interface Import {
    /**
     * PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC; env {@code SIGNET_KEYRING_IMPORT_KEY_PEM});
     * {@code \n} escapes are accepted.
     */
    Optional<String> pem();

    /** File holding the PEM private key (env {@code SIGNET_KEYRING_IMPORT_KEY_FILE}). */
    Optional<Path> file();
  }

  /** The rotation job. */
  interface Rotation {
    /** Whether this process runs the periodic rotation job (one replica acts, by lock). */
    @WithDefault("true")
    boolean schedule();

    /** How often the job looks at the key ring. */
    @WithDefault("60s")
    Duration checkInterval();
  }

  /** The published key set. */
  interface Jwks {
    /** Fallback refresh of the in-memory JWKS when a change notification was missed. */
    @WithDefault("30s")
    Duration refreshInterval();
  }
}
