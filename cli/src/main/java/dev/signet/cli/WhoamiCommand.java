package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.RefreshingTokenSource;
import dev.signet.client.SignetHttp;
import dev.signet.client.TokenSource;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "whoami",
    header = "Show who the CLI acts as.",
    description = {
      "Who the CLI acts as. Asks the server first (one refresh of the session), so a session",
      "that was revoked, or a user that was disabled, shows here; --offline only reads the cache."
    })
final class WhoamiCommand extends SignetSubcommand {

  @Option(names = "--offline", description = "Show the cached token's claims without a call.")
  boolean offline;

  @Override
  void execute() {
    Session session = session();
    String token;
    if (session.serviceAccountMode()) {
      token = session.tokens().token();
    } else if (offline) {
      token =
          session
              .storedTokens()
              .orElseThrow(() -> CliException.notLoggedIn(session.profile))
              .accessToken();
    } else {
      TokenSource tokens = session.tokens();
      if (tokens instanceof RefreshingTokenSource refreshing) {
        refreshing.invalidate(refreshing.token());
      }
      token = tokens.token();
    }
    JsonNode claims = Claims.of(token);
    ObjectNode shown = SignetHttp.json().createObjectNode();
    shown.put("issuer", claims.path("iss").asText(session.issuer()));
    shown.put("subject", claims.path("sub").asText(null));
    shown.put("client_id", claims.path("client_id").asText(null));
    shown.put("scope", claims.path("scope").asText(null));
    if (claims.has("exp")) {
      shown.put("expires_at", Instant.ofEpochSecond(claims.get("exp").asLong()).toString());
    }
    shown.put("mode", session.serviceAccountMode() ? "service account (environment)" : "session");
    shown.put("profile", session.profile);
    if (claims.has("act")) {
      shown.set("act", claims.get("act"));
    }
    out()
        .object(
            shown,
            List.of(
                new Output.Column("issuer", "issuer"),
                new Output.Column("subject", "subject"),
                new Output.Column("client", "client_id"),
                new Output.Column("scope", "scope"),
                new Output.Column("expires", "expires_at"),
                new Output.Column("mode", "mode"),
                new Output.Column("profile", "profile")));
  }
}
