package dev.signet.common.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings every service that signs or decrypts keys shares: the master keys that wrap private keys
 * at rest and how long a loaded active key is trusted without a change notification.
 */
@ConfigMapping(prefix = "signet.keyring")
public interface KeysConfig {

  /**
   * Versioned AES-256 master keys as {@code 1=<base64 32 bytes>,2=...} (env {@code
   * SIGNET_KEYRING_MASTER_KEYS}). Older versions stay listed until a re-wrap moved every key off
   * them.
   */
  Optional<String> masterKeys();

  /** Master key version that encrypts new keys; the highest listed when unset. */
  Optional<String> masterKeyCurrent();

  /** How long a cached active key or verification key set is used before it is reloaded. */
  @WithDefault("30s")
  Duration cacheTtl();
}
