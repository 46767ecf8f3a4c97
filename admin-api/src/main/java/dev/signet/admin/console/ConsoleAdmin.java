package dev.signet.admin.console;

import java.util.Set;

/**
 * The person using the console: the subject and scopes of their verified access token, the token
 * itself (never shown; it binds the CSRF token) and the CSRF token of this session.
 */
public record ConsoleAdmin(String subject, Set<String> scopes, String accessToken, String csrf) {

  @Override
  public String toString() {
    return "ConsoleAdmin[" + subject + "]";
  }
}
