package dev.signet.cli;

import picocli.CommandLine;

/** {@code signet}: the entry point of the runnable jar and the native binary. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line and answers its exit code ({@link ExitCodes}). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** One command line with its own environment and streams (tests run the CLI this way too). */
  public static int run(
      java.util.Map<String, String> env,
      java.io.PrintWriter out,
      java.io.PrintWriter err,
      String... args) {
    SignetCommand root = new SignetCommand();
    root.env = env;
    CommandLine cli = commandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(new SignetCommand());
  }

  static CommandLine commandLine(SignetCommand root) {
    CommandLine cli = new CommandLine(root);
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(ExitCodes::of);
    return cli;
  }
}
