package dev.signet.cli;

import dev.signet.client.OAuthErrorException;
import dev.signet.client.ProblemException;
import dev.signet.client.SignetException;
import dev.signet.client.TransportException;

/**
 * What a script can tell from the exit code alone, in the spirit of {@code gh} and {@code kubectl}:
 * 0 success, 1 anything unexpected, 2 bad usage (picocli's own), and one code each for the ways a
 * call to Signet fails.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int UNEXPECTED = 1;
  public static final int USAGE = 2;

  /** No session, or the session ended (logged out, revoked, {@code user_ver} bumped). */
  public static final int NOT_LOGGED_IN = 3;

  /** The server refused: no permission, bad request, not found, conflict. */
  public static final int REFUSED = 4;

  /** The issuer could not be reached or is not a Signet issuer. */
  public static final int UNREACHABLE = 5;

  /** The server failed (5xx) or is rate limiting (429): try again later. */
  public static final int UNAVAILABLE = 6;

  private ExitCodes() {}

  static int of(Throwable failure) {
    if (failure instanceof picocli.CommandLine.ParameterException) {
      return USAGE;
    }
    if (failure instanceof CliException e) {
      return e.exitCode();
    }
    if (failure instanceof TransportException e) {
      return e.status() >= 500 ? UNAVAILABLE : UNREACHABLE;
    }
    if (failure instanceof OAuthErrorException e) {
      return switch (e.error()) {
        case "invalid_grant", "invalid_token", "expired_token", "access_denied" -> NOT_LOGGED_IN;
        case "temporarily_unavailable", "server_error", "slow_down" -> UNAVAILABLE;
        default -> e.status() == 429 || e.status() >= 500 ? UNAVAILABLE : REFUSED;
      };
    }
    if (failure instanceof ProblemException e) {
      if (e.status() == 401) {
        return NOT_LOGGED_IN;
      }
      return e.status() == 429 || e.status() >= 500 ? UNAVAILABLE : REFUSED;
    }
    if (failure instanceof SignetException) {
      return REFUSED;
    }
    return UNEXPECTED;
  }
}
