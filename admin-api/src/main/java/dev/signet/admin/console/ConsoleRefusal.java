package dev.signet.admin.console;

/**
 * Why the console refuses a request: a signed-in person without {@code signet:admin} (403), an
 * access token that no longer verifies (401, sign in again), or a form without its CSRF token
 * (403). Rendered as a readable page by {@link ConsoleErrorPages}.
 */
public final class ConsoleRefusal extends RuntimeException {

  private final int status;
  private final String heading;

  private ConsoleRefusal(int status, String heading, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.heading = heading;
  }

  static ConsoleRefusal notAdmin() {
    return new ConsoleRefusal(
        403,
        "Not an administrator",
        "The console is for people with the admin role (scope signet:admin). Ask an"
            + " administrator to grant it, then sign in again.");
  }

  static ConsoleRefusal missingScope(String scope) {
    return new ConsoleRefusal(
        403,
        "Not allowed",
        "This page needs scope " + scope + ", which your access token does not grant.");
  }

  static ConsoleRefusal signInAgain(String reason) {
    return new ConsoleRefusal(
        401,
        "Sign in again",
        "Your console session can no longer be used (" + reason + "). Sign in again.");
  }

  static ConsoleRefusal badCsrf() {
    return new ConsoleRefusal(
        403,
        "Form expired",
        "This form was not sent with this session's CSRF token. Reload the page and try again.");
  }

  public int status() {
    return status;
  }

  public String heading() {
    return heading;
  }
}
