package dev.signet.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fallback when no OS keyring is available: one file, {@code credentials.enc}, mode 0600,
 * holding the entries as JSON encrypted with AES-256-GCM (a fresh nonce per write, the format
 * version as associated data). The key is derived from {@code SIGNET_TOKEN_STORE_PASSPHRASE}
 * (PBKDF2-HMAC-SHA256, salt in the file) when that is set, else it is 32 random bytes in {@code
 * store.key} (mode 0600) beside the file: that keeps tokens out of backups, grep and screen shares
 * of the file alone; against someone who can read both files as you, use the keyring or a
 * passphrase.
 */
public final class FileTokenStore implements TokenStore {

  static final String FORMAT = "signet-store-v1";
  static final int PBKDF2_ITERATIONS = 210_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Path keyFile;
  private final char[] passphrase;

  public FileTokenStore(Path directory, String passphrase) {
    this.file = directory.resolve("credentials.enc");
    this.keyFile = directory.resolve("store.key");
    this.passphrase = passphrase == null ? null : passphrase.toCharArray();
  }

  @Override
  public String kind() {
    return "file";
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<String> read(String key) {
    JsonNode value = load().get(key);
    return value == null ? Optional.empty() : Optional.of(value.asText());
  }

  @Override
  public synchronized void write(String key, String value) {
    ObjectNode entries = load();
    entries.put(key, value);
    save(entries);
  }

  @Override
  public synchronized void delete(String key) {
    ObjectNode entries = load();
    if (entries.remove(key) != null) {
      save(entries);
    }
  }

  private ObjectNode load() {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode sealed = JSON.readTree(file.toFile());
      if (!FORMAT.equals(sealed.path("format").asText())) {
        throw unreadable("unknown format");
      }
      byte[] salt = Base64.getDecoder().decode(sealed.path("salt").asText());
      byte[] nonce = Base64.getDecoder().decode(sealed.path("nonce").asText());
      byte[] data = Base64.getDecoder().decode(sealed.path("data").asText());
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key(salt, false), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(FORMAT.getBytes(StandardCharsets.US_ASCII));
      JsonNode entries = JSON.readTree(cipher.doFinal(data));
      return entries instanceof ObjectNode object ? object : JSON.createObjectNode();
    } catch (GeneralSecurityException e) {
      throw unreadable(
          passphrase != null ? "wrong SIGNET_TOKEN_STORE_PASSPHRASE?" : "the key does not fit");
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable("damaged");
    }
  }

  private void save(ObjectNode entries) {
    try {
      Files.createDirectories(file.getParent());
      byte[] salt = new byte[16];
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(salt, true), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(FORMAT.getBytes(StandardCharsets.US_ASCII));
      byte[] data = cipher.doFinal(JSON.writeValueAsBytes(entries));
      ObjectNode sealed = JSON.createObjectNode();
      sealed.put("format", FORMAT);
      sealed.put("salt", Base64.getEncoder().encodeToString(salt));
      sealed.put("nonce", Base64.getEncoder().encodeToString(nonce));
      sealed.put("data", Base64.getEncoder().encodeToString(data));
      Path temp = file.resolveSibling("credentials.enc.tmp");
      Files.deleteIfExists(temp);
      createPrivate(temp);
      Files.write(temp, JSON.writeValueAsBytes(sealed));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (GeneralSecurityException | IOException e) {
      throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + file + ": " + e.getMessage());
    }
  }

  private SecretKeySpec key(byte[] salt, boolean create)
      throws GeneralSecurityException, IOException {
    if (passphrase != null) {
      SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] derived =
          pbkdf2
              .generateSecret(new PBEKeySpec(passphrase, salt, PBKDF2_ITERATIONS, 256))
              .getEncoded();
      return new SecretKeySpec(derived, "AES");
    }
    if (!Files.exists(keyFile)) {
      if (!create) {
        throw unreadable("its key file " + keyFile + " is missing");
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      createPrivate(keyFile);
      Files.write(keyFile, Base64.getEncoder().encode(fresh));
    }
    byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile).strip());
    if (raw.length != 32) {
      throw unreadable("its key file " + keyFile + " is damaged");
    }
    return new SecretKeySpec(raw, "AES");
  }

  /** Created with 0600 from the start, so the content is never briefly world-readable. */
  private static void createPrivate(Path path) throws IOException {
    try {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path);
    }
  }

  private CliException unreadable(String why) {
    return new CliException(
        ExitCodes.UNEXPECTED, "cannot read the token store " + file + " (" + why + ")");
  }
}
