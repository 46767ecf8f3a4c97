package dev.signet.cli;

import dev.signet.client.OAuthErrorException;
import dev.signet.client.ProblemException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One line on stderr that says what failed and what to do, instead of a stack trace; {@code
 * --debug} adds the trace (which never holds a token: none of this library's exceptions carry one).
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("signet: " + explain(e));
    if (parsed.hasMatchedOption("--debug")) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return ExitCodes.of(e);
  }

  static String explain(Exception e) {
    if (e instanceof OAuthErrorException o) {
      String hint =
          switch (o.error()) {
            case "invalid_grant" -> " (your session ended: run `signet login`)";
            case "invalid_client" -> " (check the client id and secret)";
            case "invalid_scope" -> " (the scope is not yours to ask for)";
            default -> "";
          };
      return o.getMessage() + hint;
    }
    if (e instanceof ProblemException p && p.status() == 401) {
      return p.getMessage() + " (your token was refused: run `signet login`)";
    }
    if (e instanceof dev.signet.client.SignetException || e instanceof CliException) {
      return e.getMessage();
    }
    // Not one of ours: a bug. Say so instead of a bare class name.
    return "unexpected "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + " (run again with --debug for the trace, and report it)";
  }
}
