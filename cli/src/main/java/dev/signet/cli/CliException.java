package dev.signet.cli;

/** A failure the CLI explains itself, with the exit code it ends with. */
public final class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  static CliException notLoggedIn(String profile) {
    return new CliException(
        ExitCodes.NOT_LOGGED_IN, "not logged in (profile '" + profile + "'): run `signet login`");
  }
}
