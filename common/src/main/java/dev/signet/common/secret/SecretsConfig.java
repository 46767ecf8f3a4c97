package dev.signet.common.secret;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Server secrets that key the HMACs under which client secrets and opaque tokens are stored. */
@ConfigMapping(prefix = "signet.secrets")
public interface SecretsConfig {

  /**
   * Versioned HMAC keys as {@code 1=<base64>,2=<base64>} (env {@code SIGNET_SECRETS_HMAC_KEYS}),
   * each at least 32 bytes. Old versions stay listed until nothing hashed with them remains.
   */
  String hmacKeys();

  /** Version that hashes new secrets; the highest listed when unset. */
  Optional<Integer> hmacCurrent();
}
