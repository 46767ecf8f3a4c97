package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code signet} jar as a process, with only the variables given: a clean environment, and
 * {@code dir} as its home and config directory (one "machine" per directory).
 */
final class CliProcess {

  private CliProcess() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("signet.repo.root", ".."), "cli", "target", "signet.jar");
    assertTrue(Files.exists(jar), jar + " is built by the cli module");
    return jar;
  }

  static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", dir.toString());
    builder.environment().put("SIGNET_CONFIG_DIR", dir.toString());
    builder.environment().putAll(env);
    return builder;
  }
}
