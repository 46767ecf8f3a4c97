package dev.signet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no server: usage, exit codes, configuration. The suite ITs do the rest. */
class CommandLineBasicsTest {

  @TempDir Path config;

  record Run(int code, String out, String err) {}

  Run run(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("SIGNET_CONFIG_DIR", config.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"--help"}, {"login", "--help"}, {"sa", "create", "--help"}, {"exchange", "github", "-h"}
        }) {
      Run run = run(Map.of(), command);
      assertEquals(0, run.code, String.join(" ", command));
      assertTrue(run.out.contains("Usage: signet"), run.out);
    }
  }

  @Test
  void usageMistakesExitWithTwo() {
    assertEquals(ExitCodes.USAGE, run(Map.of()).code);
    assertEquals(ExitCodes.USAGE, run(Map.of(), "sa").code);
    assertEquals(ExitCodes.USAGE, run(Map.of(), "no-such-command").code);
    assertEquals(ExitCodes.USAGE, run(Map.of(), "-o", "yaml", "token").code);
    Run noIssuer = run(Map.of("SIGNET_CLIENT_ID", "a", "SIGNET_CLIENT_SECRET", "b"), "token");
    assertEquals(ExitCodes.USAGE, noIssuer.code, noIssuer.err);
    assertTrue(noIssuer.err.contains("no issuer"), noIssuer.err);
  }

  @Test
  void noSessionSaysLogIn() {
    Run run = run(Map.of(), "--issuer", "http://127.0.0.1:9", "token");
    assertEquals(ExitCodes.NOT_LOGGED_IN, run.code);
    assertTrue(run.err.contains("signet login"), run.err);
  }

  @Test
  void anUnreachableIssuerExitsWithFive() {
    Run run =
        run(
            Map.of("SIGNET_CLIENT_ID", "a", "SIGNET_CLIENT_SECRET", "b"),
            "--issuer",
            "http://127.0.0.1:9",
            "token");
    assertEquals(ExitCodes.UNREACHABLE, run.code);
    assertTrue(run.err.contains("cannot reach http://127.0.0.1:9"), run.err);
    assertTrue(!run.err.contains("b\n") && !run.out.contains("b"), "no secret echoed");
  }

  @Test
  void listFiltersLeftOutAreNotSent() {
    Run run =
        run(
            Map.of("SIGNET_CLIENT_ID", "a", "SIGNET_CLIENT_SECRET", "b"),
            "--issuer",
            "http://127.0.0.1:9",
            "--admin-url",
            "http://127.0.0.1:9",
            "users",
            "list");
    assertEquals(ExitCodes.UNREACHABLE, run.code, run.err);
  }

  @Test
  void aBrokenConfigFileIsAClearUsageError() throws Exception {
    java.nio.file.Files.writeString(config.resolve("config.toml"), "profile = [unclosed\n");
    Run run = run(Map.of(), "token");
    assertEquals(ExitCodes.USAGE, run.code);
    assertTrue(run.err.contains("config.toml"), run.err);
  }
}
