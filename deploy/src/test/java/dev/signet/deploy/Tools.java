package dev.signet.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The external tools the checks use (kubectl, promtool) and the repository layout. */
final class Tools {

  static final Path ROOT =
      Path.of(System.getProperty("signet.repo.root", "..")).toAbsolutePath().normalize();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private Tools() {}

  /**
   * The tool's path. Missing tools fail the build in CI ({@code CI} set: deploy/ci-tools.sh
   * installs them) and skip the check on a developer machine, saying how to get them.
   */
  static Path require(String tool, String debianPackage) {
    Optional<Path> found = find(tool);
    if (found.isEmpty()) {
      String message =
          tool
              + " not found: run deploy/ci-tools.sh (installs Debian package "
              + debianPackage
              + ")";
      if (System.getenv("CI") != null) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  private static Optional<Path> find(String tool) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    dirs.add("/usr/local/bin");
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Exit code, standard output, and standard error (kubectl writes deprecation warnings there). */
  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  static Result run(List<String> command) {
    try {
      Path out = Files.createTempFile("signet-tool", ".out");
      Path err = Files.createTempFile("signet-tool", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail("timed out: " + String.join(" ", command));
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kubectl kustomize DIR}, as JSON objects. */
  static List<JsonObject> kustomize(String dir) {
    Path kubectl = require("kubectl", "kubernetes-client");
    Result result = run(List.of(kubectl.toString(), "kustomize", ROOT.resolve(dir).toString()));
    if (result.exitCode() != 0) {
      fail("kubectl kustomize " + dir + " failed:\n" + result.output());
    }
    return parseYaml(result.stdout());
  }

  /** Every document of a YAML stream, as JSON objects (the form the API server reads). */
  static List<JsonObject> parseYaml(String yaml) {
    List<JsonObject> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          objects.add(JsonParser.parseString(JSON.writeValueAsString(doc)).getAsJsonObject());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("not YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  static String read(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The metric names fixed in the team's contract (TEAM-NOTES.md), Prometheus form. */
  static final List<String> CONTRACT_METRICS =
      List.of(
          "signet_tokens_issued_total",
          "signet_auth_failures_total",
          "signet_refresh_reuse_incidents_total",
          "signet_keyring_keys",
          "signet_jwks_published_keys",
          "signet_keyring_seconds_until_next_rotation",
          "signet_keyring_rotations_total",
          "signet_crypto_provider_info",
          "signet_certificates_issued_total",
          "signet_certificate_issuance_errors_total",
          "signet_outbox_backlog",
          "signet_outbox_delivery_lag_seconds",
          "signet_outbox_dead_letters",
          "signet_outbox_dead_lettered_total",
          "signet_incidents_open");
}
