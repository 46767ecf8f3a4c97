package dev.signet.cli;

import dev.signet.client.SignetClient;
import dev.signet.client.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "token",
    header = "Print a valid access token.",
    description = {
      "Print a valid access token, for $(signet token) in scripts: the cached one while it is",
      "good, else a refreshed one. --audience or --scope exchange it (RFC 8693) for a narrower",
      "token; with SIGNET_CLIENT_ID/SECRET set, a client_credentials token of that account."
    })
final class TokenCommand extends SignetSubcommand {

  @Option(names = "--audience", description = "The audience the token is for.")
  String audience;

  @Option(names = "--scope", description = "Scopes (space separated), at most what you hold.")
  String scope;

  @Override
  void execute() {
    Session session = session();
    Tokens tokens;
    if (session.serviceAccountMode()) {
      tokens = session.signet().clientCredentials(session.client(), scope, audience);
    } else if (audience == null && scope == null) {
      String access = session.tokens().token();
      print(access, null);
      return;
    } else {
      tokens =
          session
              .signet()
              .exchange(
                  session.client(),
                  SignetClient.Exchange.of(session.tokens().token(), SignetClient.ACCESS_TOKEN_TYPE)
                      .audience(audience)
                      .scope(scope));
    }
    print(tokens.accessToken(), tokens);
  }

  private void print(String access, Tokens tokens) {
    Output out = out();
    if (out.json()) {
      com.fasterxml.jackson.databind.node.ObjectNode shown =
          dev.signet.client.SignetHttp.json().createObjectNode();
      shown.put("access_token", access);
      if (tokens != null && tokens.expiresAt() != null) {
        shown.put("expires_at", tokens.expiresAt().toString());
        shown.put("scope", tokens.scope());
      }
      out.raw(shown);
    } else {
      spec.commandLine().getOut().println(access);
      spec.commandLine().getOut().flush();
    }
  }
}
