package dev.signet.common.secret;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stores secrets (client secrets, refresh tokens, invite tokens, device codes) only as HMAC-SHA256
 * under a versioned server key, so the key can rotate without invalidating what was hashed before.
 */
@ApplicationScoped
public class SecretHasher {

  private static final int MIN_KEY_BYTES = 32;

  private final Map<Integer, SecretKeySpec> keys;
  private final int current;

  // Two constructors: CDI needs to be told which one it calls.
  @Inject
  SecretHasher(SecretsConfig config) {
    this(parse(config.hmacKeys()), config.hmacCurrent());
  }

  private SecretHasher(Map<Integer, SecretKeySpec> keys, java.util.Optional<Integer> current) {
    this.keys = keys;
    this.current = current.orElse(Collections.max(keys.keySet()));
    if (!keys.containsKey(this.current)) {
      throw new IllegalArgumentException(
          "signet.secrets.hmac-current="
              + this.current
              + " names no key in signet.secrets.hmac-keys");
    }
  }

  /** For tests and tools: a hasher over the given {@code 1=<base64>,...} key list. */
  public static SecretHasher of(String hmacKeys) {
    return new SecretHasher(parse(hmacKeys), java.util.Optional.empty());
  }

  /** A fresh 256-bit random secret, base64url without padding. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    SecureRandoms.get().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public int currentVersion() {
    return current;
  }

  /** The HMAC of the secret under the current key. */
  public HashedSecret hash(String secret) {
    return new HashedSecret(hmac(current, secret), current);
  }

  /** The HMAC under each known key, newest first: for looking a presented token up by hash. */
  public List<HashedSecret> candidates(String secret) {
    List<HashedSecret> all = new ArrayList<>();
    for (Integer version : ((TreeMap<Integer, SecretKeySpec>) keys).descendingKeySet()) {
      all.add(new HashedSecret(hmac(version, secret), version));
    }
    return all;
  }

  /** Constant-time check of a presented secret against a stored hash. */
  public boolean matches(String presented, byte[] storedHash, int version) {
    if (presented == null || storedHash == null || !keys.containsKey(version)) {
      return false;
    }
    return MessageDigest.isEqual(hmac(version, presented), storedHash);
  }

  private byte[] hmac(int version, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(keys.get(version));
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Map<Integer, SecretKeySpec> parse(String spec) {
    TreeMap<Integer, SecretKeySpec> parsed = new TreeMap<>();
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("signet.secrets.hmac-keys is empty");
    }
    for (String entry : spec.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "signet.secrets.hmac-keys entries must look like <version>=<base64 key>");
      }
      int version;
      byte[] key;
      try {
        version = Integer.parseInt(parts[0].trim());
        key = Base64.getDecoder().decode(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "signet.secrets.hmac-keys has an entry that is not <version>=<base64 key>");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "signet.secrets.hmac-keys version " + version + " is shorter than 32 bytes");
      }
      parsed.put(version, new SecretKeySpec(key, "HmacSHA256"));
    }
    return parsed;
  }
}
