package dev.signet.cli.store;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Secret Service keyring of a Linux desktop (GNOME Keyring, KWallet), through libsecret's
 * {@code secret-tool}: the secret goes in on stdin, never on a command line another user could see
 * in {@code ps}. Available when {@code secret-tool} is on the PATH and a session bus is.
 */
public final class KeyringTokenStore implements TokenStore {

  static final String SERVICE = "signet-cli";
  private static final long TIMEOUT_SECONDS = 10;

  private final String tool;

  private KeyringTokenStore(String tool) {
    this.tool = tool;
  }

  /** The keyring, when this machine has one the CLI can use. */
  public static Optional<KeyringTokenStore> available(Map<String, String> env) {
    if (env.get("DBUS_SESSION_BUS_ADDRESS") == null || env.get("PATH") == null) {
      return Optional.empty();
    }
    for (String dir : env.get("PATH").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "secret-tool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new KeyringTokenStore(candidate.toString()));
      }
    }
    return Optional.empty();
  }

  @Override
  public String kind() {
    return "keyring";
  }

  @Override
  public Optional<String> read(String key) {
    Result result = run(List.of(tool, "lookup", "service", SERVICE, "account", key), null);
    return result.code == 0 && !result.out.isEmpty() ? Optional.of(result.out) : Optional.empty();
  }

  @Override
  public void write(String key, String value) {
    Result result =
        run(
            List.of(
                tool,
                "store",
                "--label=Signet CLI (" + key + ")",
                "service",
                SERVICE,
                "account",
                key),
            value);
    if (result.code != 0) {
      throw new CliException(
          ExitCodes.UNEXPECTED, "the keyring refused to store the session; use --token-store file");
    }
  }

  @Override
  public void delete(String key) {
    run(List.of(tool, "clear", "service", SERVICE, "account", key), null);
  }

  private record Result(int code, String out) {}

  private static Result run(List<String> command, String stdin) {
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "");
      }
      return new Result(process.exitValue(), out.strip());
    } catch (IOException e) {
      return new Result(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "");
    }
  }
}
