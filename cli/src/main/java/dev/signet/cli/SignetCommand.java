package dev.signet.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "signet",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = SignetCommand.Version.class,
    description = "Signet: tokens, keys and identities for machines and the people behind CLIs.",
    footer = {
      "%nFirst steps:",
      "  signet login --issuer https://signet.example",
      "  signet token",
      "  signet sa create --name ci-deployer --scope deploy:write",
      "%nIn CI, set SIGNET_ISSUER, SIGNET_CLIENT_ID and SIGNET_CLIENT_SECRET:",
      "every command then acts as that service account.",
      "%nExit codes: 0 ok, 1 unexpected, 2 usage, 3 not logged in, 4 refused,",
      "5 unreachable, 6 server unavailable or rate limited."
    },
    subcommands = {
      LoginCommand.class,
      LogoutCommand.class,
      WhoamiCommand.class,
      TokenCommand.class,
      ExchangeCommand.class,
      ServiceAccountCommand.class,
      UserCommand.class,
      InviteCommand.class,
      IncidentCommand.class,
      AuditCommand.class,
      KeysCommand.class,
      SigningKeysCommand.class,
      TrustCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class SignetCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin GlobalOptions options;

  @Spec CommandSpec spec;

  /** The process environment; tests run commands with their own. */
  Map<String, String> env = System.getenv();

  private Session session;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  Session session() {
    if (session == null) {
      session = new Session(options, env);
    }
    return session;
  }

  Output output(PrintWriter out) {
    return new Output(out, options.output);
  }

  /** The version in the jar's manifest, or "dev" when run from classes. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SignetCommand.class.getPackage().getImplementationVersion();
      return new String[] {"signet " + (version == null ? "dev" : version)};
    }
  }
}
