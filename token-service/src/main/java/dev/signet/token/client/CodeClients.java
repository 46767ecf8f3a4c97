package dev.signet.token.client;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The clients that may use the authorization code grant, all from configuration: the CLI's public
 * client (loopback redirects on any port, RFC 8252) and the admin console (confidential, exact
 * redirect URIs, first party). Service accounts never get it: they act for themselves, not for a
 * person in a browser.
 */
@ApplicationScoped
public class CodeClients {

  /**
   * A client of the code grant. {@code firstParty}: part of Signet itself, so its person is not
   * asked to consent to what their own roles already let them do.
   */
  public record CodeClient(
      String clientId,
      String name,
      List<String> redirectUris,
      boolean loopbackRedirects,
      boolean firstParty) {}

  private final Optional<CodeClient> cli;
  private final Optional<CodeClient> console;
  private final Optional<ServiceAccount> consoleAccount;

  CodeClients(TokenConfig config, SecretHasher hasher) {
    this.cli =
        config
            .cliClientId()
            .filter(id -> !id.isBlank())
            .map(id -> new CodeClient(id, "Signet CLI", List.of(), true, false));
    TokenConfig.Console c = config.console();
    this.console =
        c.secret()
            .filter(s -> !s.isBlank())
            .map(
                s ->
                    new CodeClient(
                        c.clientId(),
                        "Signet admin console",
                        c.redirectUris().orElse(List.of()),
                        false,
                        true));
    this.consoleAccount =
        c.secret().filter(s -> !s.isBlank()).map(s -> consoleAccount(c.clientId(), hasher.hash(s)));
  }

  /** The console as an account the client authenticator checks: its secret only as an HMAC. */
  private static ServiceAccount consoleAccount(String clientId, HashedSecret secret) {
    return new ServiceAccount(
        null,
        clientId,
        secret.hash(),
        secret.version(),
        null,
        null,
        null,
        // Either secret method (quarkus-oidc sends client_secret_basic by default).
        null,
        null,
        Set.of(),
        List.of(),
        List.of(),
        null,
        "active",
        null,
        true,
        false);
  }

  public Optional<CodeClient> find(String clientId) {
    if (clientId == null) {
      return Optional.empty();
    }
    if (cli.isPresent() && cli.get().clientId().equals(clientId)) {
      return cli;
    }
    if (console.isPresent() && console.get().clientId().equals(clientId)) {
      return console;
    }
    return Optional.empty();
  }

  /** The console's account when it is configured, for the client authenticator. */
  Optional<ServiceAccount> consoleAccount(String clientId) {
    return consoleAccount.filter(a -> a.clientId().equals(clientId));
  }
}
