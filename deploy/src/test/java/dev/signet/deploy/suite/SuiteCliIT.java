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

  @TempDir Path config;

  @BeforeAll
  static void suite() {
    suite = SharedSuite.get();
    CliProcess.jar();
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
    return signet(config, env, args);
  }

  private static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
    return CliProcess.builder(dir, env, args);
  }

  /** One CLI process on the machine whose config directory is {@code dir}. */
  static Run signet(Path dir, Map<String, String> env, String... args) {
    ProcessBuilder builder = builder(dir, env, args);
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
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

  /** A person's CLI: only where Signet is; who they are comes from their own login. */
  private static Map<String, String> person() {
    Map<String, String> env = new HashMap<>();
    env.put("SIGNET_ISSUER", suite.processes.issuer());
    env.put("SIGNET_ADMIN_URL", suite.processes.adminUrl());
    env.put("SIGNET_TOKEN_STORE", "file");
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

  /**
   * A person from invite to device login: the invite mail's link, the key enrollment token, `signet
   * keys add` (key made and kept on the laptop), `signet login --key`; then a second machine logs
   * in with the device flow, approved out of band with the first machine's token; `signet token`
   * twice (the second from the cache); the file store holds nothing readable; revoking the person's
   * tokens ends the session with a clear message and exit 3.
   */
  @Test
  void aPersonEnrollsAKeyThenApprovesADeviceLogin(@TempDir Path laptop, @TempDir Path server)
      throws Exception {
    String email = "cli-person-" + java.util.UUID.randomUUID() + "@suite.example";
    io.restassured.response.Response invited =
        io.restassured.RestAssured.given()
            .baseUri(suite.processes.adminUrl())
            .auth()
            .oauth2(suite.adminToken())
            .contentType("application/json")
            .body(Map.of("email", email, "display_name", "Ada", "roles", List.of("deployer")))
            .post("/v1/invites");
    Answers.expect(invited, 201, "invite");
    String userId = invited.jsonPath().getString("invite.user_id");
    String ket =
        Answers.expect(
                io.restassured.RestAssured.given()
                    .baseUri(suite.processes.adminUrl())
                    .get("/v1/verify?" + suite.mail.lastLinkTo(email)),
                200,
                "verify")
            .jsonPath()
            .getString("key_enrollment_token");

    Run added =
        signet(laptop, person(), "keys", "add", "--ket", ket, "--device-name", "ada-laptop");
    assertEquals(0, added.code, added.toString());
    Run keyLogin =
        Eventually.await(
            "key login once token-service sees the key",
            Eventually.DEFAULT,
            () -> signet(laptop, person(), "login", "--key"),
            r -> r.code == 0);
    String laptopToken = signet(laptop, person(), "token").out.strip();
    assertEquals(userId, Jwt.claims(laptopToken).getString("sub"), keyLogin.toString());
    assertTrue(Jwt.claims(laptopToken).getString("akid") != null, "the key that logged in");

    // The second machine: `signet login` prints a code and waits; the person approves it.
    Path err = server.resolve("login.err");
    Process login =
        builder(server, person(), "login", "--no-browser")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      String code =
          Eventually.await(
              "signet login shows a user code",
              Eventually.DEFAULT,
              () -> {
                try {
                  java.util.regex.Matcher m =
                      java.util.regex.Pattern.compile("code ([A-Z]{4}-[A-Z]{4})")
                          .matcher(Files.exists(err) ? Files.readString(err) : "");
                  return m.find() ? m.group(1) : null;
                } catch (IOException e) {
                  return null;
                }
              },
              c -> c != null);
      io.restassured.response.Response approved =
          io.restassured.RestAssured.given()
              .baseUri(suite.processes.tokenUrl())
              .auth()
              .oauth2(laptopToken)
              .contentType("application/json")
              .body(
                  Map.of(
                      "user_code", code.toLowerCase(java.util.Locale.ROOT), "decision", "approve"))
              .post("/v1/device/approve");
      Answers.expect(approved, 200, "approve the device");
      assertTrue(login.waitFor(60, TimeUnit.SECONDS), "signet login ends after approval");
      assertEquals(0, login.exitValue(), Files.readString(err));
    } finally {
      login.destroyForcibly();
    }

    Run first = signet(server, person(), "token");
    Run second = signet(server, person(), "token");
    assertEquals(0, first.code, first.toString());
    assertEquals(first.out, second.out, "the second token comes from the cache");
    assertEquals(userId, Jwt.claims(first.out.strip()).getString("sub"));
    Run whoami = signet(server, person(), "whoami", "-o", "json");
    assertEquals(0, whoami.code, whoami.toString());
    assertEquals(userId, whoami.json().path("subject").asText());

    Path store = server.resolve("credentials.enc");
    String sealed = Files.readString(store, StandardCharsets.ISO_8859_1);
    assertTrue(!sealed.contains(first.out.strip()) && !sealed.contains("refresh_token"), sealed);
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(store)));

    Run revoked = signet(asAdmin(), "users", "revoke-tokens", userId);
    assertEquals(0, revoked.code, revoked.toString());
    Run ended =
        Eventually.await(
            "the revoked session is refused",
            Eventually.DEFAULT,
            () -> signet(server, person(), "whoami"),
            r -> r.code != 0);
    assertEquals(3, ended.code, ended.toString());
    assertTrue(ended.err.contains("signet login"), ended.toString());
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
