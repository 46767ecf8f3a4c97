package dev.signet.common.keys;

import dev.signet.common.secret.SecureRandoms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope for private keys at rest under versioned master keys ({@code
 * signet.keyring.master-keys}). Each ciphertext is bound to its kid, so a row's key material cannot
 * be swapped into another row; the row records which master key version sealed it.
 */
@ApplicationScoped
public class MasterKeys {

  static final String SETTING = "signet.keyring.master-keys";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /** Ciphertext ({@code nonce || AES-GCM output}) and the master key version that sealed it. */
  public record Sealed(String version, byte[] ciphertext) {}

  private final Map<String, SecretKeySpec> keys;
  private final String current;

  @Inject
  MasterKeys(KeysConfig config) {
    this(
        parse(
            config
                .masterKeys()
                .filter(s -> !s.isBlank())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            SETTING
                                + " (env SIGNET_KEYRING_MASTER_KEYS) is not set: give at least one"
                                + " 1=<base64 of 32 random bytes>"))),
        config.masterKeyCurrent());
  }

  private MasterKeys(Map<String, SecretKeySpec> keys, Optional<String> current) {
    this.keys = keys;
    this.current =
        current
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .orElseGet(() -> Collections.max(keys.keySet(), MasterKeys::compareVersions));
    if (!keys.containsKey(this.current)) {
      throw new IllegalStateException(
          "signet.keyring.master-key-current=" + this.current + " names no key in " + SETTING);
    }
  }

  /** For tests and tools: master keys from a {@code 1=<base64>,...} list. */
  public static MasterKeys of(String spec) {
    return new MasterKeys(parse(spec), Optional.empty());
  }

  /** For tests and tools: master keys with an explicit current version. */
  public static MasterKeys of(String spec, String currentVersion) {
    return new MasterKeys(parse(spec), Optional.of(currentVersion));
  }

  /** A new random master key in the form the setting takes, for operators' tooling. */
  public static String newMasterKey() {
    byte[] key = new byte[32];
    SecureRandoms.get().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Version that seals new key material. */
  public String currentVersion() {
    return current;
  }

  /** Versions this service can open. */
  public Set<String> versions() {
    return Collections.unmodifiableSet(keys.keySet());
  }

  /** Encrypts key material for the row with this kid under the current master key. */
  public Sealed seal(byte[] plaintext, String kid) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      SecureRandoms.get().nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(kid));
      byte[] body = cipher.doFinal(plaintext);
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + body.length);
      System.arraycopy(body, 0, out, NONCE_BYTES, body.length);
      return new Sealed(current, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts what {@link #seal} produced for this kid under the named master key version. */
  public byte[] open(String version, byte[] ciphertext, String kid) {
    SecretKeySpec key = keys.get(version);
    if (key == null) {
      throw new IllegalStateException(
          "key "
              + kid
              + " is sealed under master key version "
              + version
              + " missing from "
              + SETTING);
    }
    if (ciphertext == null || ciphertext.length <= NONCE_BYTES) {
      throw new IllegalStateException("key " + kid + " has no usable ciphertext");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
      cipher.updateAAD(aad(kid));
      return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException(
          "key " + kid + " does not decrypt under master key version " + version, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Re-encrypts under the current master key (no-op result when already current). */
  public Sealed rewrap(String version, byte[] ciphertext, String kid) {
    byte[] plain = open(version, ciphertext, kid);
    try {
      return seal(plain, kid);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] aad(String kid) {
    return ("signet-signing-key:" + kid).getBytes(StandardCharsets.UTF_8);
  }

  private static int compareVersions(String a, String b) {
    Comparator<String> numeric = Comparator.comparingLong(MasterKeys::numericOrMin);
    return numeric.thenComparing(Comparator.naturalOrder()).compare(a, b);
  }

  private static long numericOrMin(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static Map<String, SecretKeySpec> parse(String spec) {
    Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      throw new IllegalStateException(SETTING + " is empty");
    }
    for (String entry : spec.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalStateException(
            SETTING + " entries must look like <version>=<base64 of 32 bytes>");
      }
      String version = parts[0].trim();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            SETTING + " version " + version + " is not valid base64", e);
      }
      if (key.length != 32) {
        throw new IllegalStateException(
            SETTING + " version " + version + " must be 32 bytes (AES-256), not " + key.length);
      }
      if (parsed.put(version, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalStateException(SETTING + " lists version " + version + " twice");
      }
    }
    return parsed;
  }
}
