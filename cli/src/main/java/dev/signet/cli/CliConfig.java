package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * {@code config.toml} in the platform's config directory: the current profile and, per profile, the
 * issuer and the admin-api and keyring URLs.
 *
 * <pre>
 * profile = "default"
 * [profiles.default]
 * issuer = "https://signet.example"
 * admin_url = "https://admin.signet.example"
 * </pre>
 */
final class CliConfig {

  static final TomlMapper TOML = new TomlMapper();

  private final Path file;
  private final ObjectNode root;

  private CliConfig(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /**
   * {@code $SIGNET_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/signet}, else the platform's place:
   * {@code ~/.config/signet} (Linux), {@code ~/Library/Application Support/signet} (macOS), {@code
   * %APPDATA%\signet} (Windows).
   */
  static Path directory(Map<String, String> env) {
    if (env.get("SIGNET_CONFIG_DIR") != null) {
      return Path.of(env.get("SIGNET_CONFIG_DIR"));
    }
    if (env.get("XDG_CONFIG_HOME") != null) {
      return Path.of(env.get("XDG_CONFIG_HOME"), "signet");
    }
    String home = System.getProperty("user.home");
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return Path.of(home, "Library", "Application Support", "signet");
    }
    if (os.contains("win") && env.get("APPDATA") != null) {
      return Path.of(env.get("APPDATA"), "signet");
    }
    return Path.of(home, ".config", "signet");
  }

  static CliConfig load(Path directory) {
    Path file = directory.resolve("config.toml");
    if (!Files.exists(file)) {
      return new CliConfig(file, TOML.createObjectNode());
    }
    try {
      JsonNode read = TOML.readTree(file.toFile());
      return new CliConfig(
          file, read instanceof ObjectNode object ? object : TOML.createObjectNode());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE, "cannot read " + file + ": " + firstLine(e.getMessage()));
    }
  }

  String currentProfile() {
    return root.path("profile").asText("default");
  }

  /** A profile's value, or null. */
  String get(String profile, String key) {
    JsonNode value = root.path("profiles").path(profile).get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  void set(String profile, String key, String value) {
    ObjectNode profiles =
        root.get("profiles") instanceof ObjectNode p ? p : root.putObject("profiles");
    ObjectNode entry =
        profiles.get(profile) instanceof ObjectNode e ? e : profiles.putObject(profile);
    if (value == null) {
      entry.remove(key);
    } else {
      entry.put(key, value);
    }
  }

  void useProfile(String profile) {
    root.put("profile", profile);
  }

  void save() {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling("config.toml.tmp");
      TOML.writeValue(temp.toFile(), root);
      restrict(temp);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException(ExitCodes.UNEXPECTED, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Owner read and write only, where the file system knows POSIX permissions. */
  static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Windows: the user's profile directory is already private to them.
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid TOML";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
