package dev.signet.admin.console;

import dev.signet.admin.accounts.ScopeCeiling;
import java.util.Set;

/**
 * The person using the console: the subject and scopes of their verified access token, the token
 * itself (sent on to keyring-service and token-service, never shown) and the CSRF token of this
 * session.
 */
public record ConsoleAdmin(String subject, Set<String> scopes, String accessToken, String csrf) {

  /** The scope ceiling the REST resources give the same caller. */
  public ScopeCeiling ceiling() {
    return new ScopeCeiling(subject, scopes);
  }

  @Override
  public String toString() {
    return "ConsoleAdmin[" + subject + "]";
  }
}
