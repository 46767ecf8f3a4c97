package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code signet} CLI run as a process ({@code java -jar cli/target/signet.jar}) against the
 * started suite, as a person or a CI job runs it: output parsed as a script would, exit codes
 * checked, and nothing secret left readable on disk.
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private static SharedSuite suite;
  private static Path jar;

  @TempDir Path config;

  @BeforeAll
  static void suite() {
    suite = SharedSuite.get();
    jar = Path.of(System.getProperty("signet.repo.root", ".."), "cli", "target", "signet.jar");
    assertTrue(Files.exists(jar), jar + " is built by the cli module");
  }

  record Run(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** One CLI process with only the variables given (and this test's config directory). */
  Run signet(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", config.toString());
    builder.environment().put("SIGNET_CONFIG_DIR", config.toString());
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile(config, "out", ".txt");
      Path err = Files.createTempFile(config, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("signet " + String.join(" ", args) + " did not finish");
      }
      Run run =
          new Run(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> as(String clientId, String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("SIGNET_ISSUER", suite.processes.issuer());
    env.put("SIGNET_ADMIN_URL", suite.processes.adminUrl());
    env.put("SIGNET_CLIENT_ID", clientId);
    env.put("SIGNET_CLIENT_SECRET", secret);
    return env;
  }

  private static Map<String, String> asAdmin() {
    SuiteProcesses.Client admin = suite.processes.bootstrap();
    return as(admin.clientId(), admin.secret());
  }

  @Test
  void saCreateThenATokenForIt() {
    Run created =
        signet(
            asAdmin(),
            "sa",
            "create",
            "--name",
            "e2e-cli-deployer",
            "--scope",
            "orders:read",
            "-o",
            "json");
    assertEquals(0, created.code, created.toString());
    String clientId = created.json().path("client_id").asText();
    String secret = created.json().path("client_secret").asText();
    assertTrue(clientId.length() > 0 && secret.length() > 0, created.toString());

    Run token =
        Eventually.await(
            "signet token as the new account",
            Eventually.DEFAULT,
            () -> signet(as(clientId, secret), "token", "--scope", "orders:read"),
            r -> r.code == 0);
    String jwt = token.out.strip();
    assertEquals(clientId, Jwt.claims(jwt).getString("client_id"));
    assertTrue(!token.err.contains(secret) && !token.out.contains(secret), "no secret echoed");

    Run listed = signet(asAdmin(), "sa", "list", "--name", "e2e-cli-deployer", "-o", "json");
    assertEquals(0, listed.code, listed.toString());
    List<String> ids = new ArrayList<>();
    listed.json().path("items").forEach(item -> ids.add(item.path("client_id").asText()));
    assertTrue(ids.contains(clientId), listed.toString());

    Run table = signet(asAdmin(), "sa", "get", clientId);
    assertEquals(0, table.code, table.toString());
    assertTrue(table.out.contains("e2e-cli-deployer") && table.out.contains("active"), table.out);

    Run disabled = signet(asAdmin(), "sa", "disable", clientId, "-o", "json");
    assertEquals("disabled", disabled.json().path("status").asText(), disabled.toString());
    Run refused =
        Eventually.await(
            "the disabled account's token is refused",
            Eventually.DEFAULT,
            () -> signet(as(clientId, secret), "token"),
            r -> r.code != 0);
    assertEquals(4, refused.code, refused.toString());
    assertTrue(refused.err.contains("invalid_client"), refused.toString());
  }

  @Test
  void aWrongIssuerIsAClearMessageAndExitFive() {
    Map<String, String> env = asAdmin();
    env.put("SIGNET_ISSUER", suite.processes.adminUrl());
    Run run = signet(env, "token");
    assertEquals(5, run.code, run.toString());
    assertTrue(run.err.contains("not a Signet issuer"), run.toString());
    assertTrue(run.err.startsWith("signet: ") && !run.err.contains("\tat "), "no stack trace");
  }

  @Test
  void aRefusalIsExitFourWithTheServersWords() {
    Run run = signet(asAdmin(), "sa", "get", "no-such-account");
    assertEquals(4, run.code, run.toString());
    assertNotEquals("", run.err.strip());
  }
}
