package dev.signet.cli;

import dev.signet.client.SignetException;
import dev.signet.client.Tokens;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "logout",
    description = "Revoke this profile's session at the server and forget it here.")
final class LogoutCommand extends SignetSubcommand {

  @Override
  void execute() {
    Session session = session();
    Optional<Tokens> stored = session.storedTokens();
    if (stored.isEmpty()) {
      err().println("Not logged in (profile " + session.profile + ").");
      return;
    }
    Tokens tokens = stored.get();
    try {
      if (tokens.refreshToken() != null) {
        session.signet().revoke(session.client(), tokens.refreshToken(), "refresh_token");
      }
    } catch (SignetException e) {
      err().println("signet: the server did not confirm the revocation (" + e.getMessage() + ")");
    } finally {
      session.forgetTokens();
    }
    err().println("Logged out (profile " + session.profile + ").");
  }
}
