package dev.signet.cli;

import dev.signet.client.PlatformTokens;
import dev.signet.client.SignetClient;
import dev.signet.client.Tokens;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "exchange",
    description = "Trade a CI job's or a pod's platform token for a Signet token (no secret).",
    subcommands = {ExchangeCommand.GitHub.class, ExchangeCommand.Kubernetes.class})
final class ExchangeCommand extends CommandGroup {

  abstract static class Exchange extends SignetSubcommand {
    @Option(names = "--audience", description = "Audience of the Signet token.")
    String audience;

    @Option(names = "--scope", description = "Scopes of the Signet token (space separated).")
    String scope;

    void exchange(String platformToken) {
      Tokens tokens =
          session()
              .signet()
              .exchange(
                  null,
                  SignetClient.Exchange.of(platformToken, SignetClient.JWT_TOKEN_TYPE)
                      .audience(audience)
                      .scope(scope));
      if (out().json()) {
        com.fasterxml.jackson.databind.node.ObjectNode shown =
            dev.signet.client.SignetHttp.json().createObjectNode();
        shown.put("access_token", tokens.accessToken());
        shown.put("issued_token_type", tokens.issuedTokenType());
        shown.put("expires_at", tokens.expiresAt() == null ? null : tokens.expiresAt().toString());
        shown.put("scope", tokens.scope());
        out().raw(shown);
      } else {
        spec.commandLine().getOut().println(tokens.accessToken());
        spec.commandLine().getOut().flush();
      }
    }
  }

  @Command(
      name = "github",
      header = "Exchange a GitHub Actions OIDC token.",
      description = {
        "Inside a GitHub Actions job (permissions: id-token: write): asks the runner for an",
        "OIDC token for --oidc-audience and exchanges it. The trust for",
        "https://token.actions.githubusercontent.com must require that audience."
      })
  static final class GitHub extends Exchange {
    @Option(
        names = "--oidc-audience",
        description = "Audience of the GitHub OIDC token (default: the issuer URL).")
    String oidcAudience;

    @Override
    void execute() {
      Session session = session();
      String requested = oidcAudience != null ? oidcAudience : session.issuer();
      exchange(PlatformTokens.githubActions(session.http(), session.env, requested));
    }
  }

  @Command(
      name = "kubernetes",
      description = "Inside a pod: reads the projected service-account token and exchanges it.")
  static final class Kubernetes extends Exchange {
    @Option(
        names = "--token-file",
        description = "Projected token (env SIGNET_K8S_TOKEN_FILE; default ${DEFAULT-VALUE}).",
        defaultValue = "/var/run/secrets/signet/token")
    Path tokenFile;

    @Override
    void execute() {
      String env = session().env.get("SIGNET_K8S_TOKEN_FILE");
      exchange(PlatformTokens.kubernetes(env != null ? Path.of(env) : tokenFile));
    }
  }
}
