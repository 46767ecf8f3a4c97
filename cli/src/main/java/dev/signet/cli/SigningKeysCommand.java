package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "signing-keys",
    description = "The key ring's signing keys (keyring-service /v1/keys, --keyring-url).",
    subcommands = {
      SigningKeysCommand.ListKeys.class,
      SigningKeysCommand.Rotate.class,
      SigningKeysCommand.Revoke.class,
      SigningKeysCommand.Jwks.class
    })
final class SigningKeysCommand extends CommandGroup {

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("KID", "kid"),
          new Output.Column("ALG", "alg"),
          new Output.Column("STATUS", "status"),
          new Output.Column("CREATED", "created_at"),
          new Output.Column("ACTIVATED", "activated_at"));

  abstract static class KeyringCommand extends SignetSubcommand {
    Api keyring() {
      return new Api(session(), session().keyringUrl());
    }
  }

  @Command(name = "list", description = "Every signing key and its state.")
  static final class ListKeys extends KeyringCommand {
    @Override
    void execute() {
      out().list(keyring().get("/v1/keys"), COLUMNS);
    }
  }

  @Command(name = "rotate", description = "Create and pre-publish a new key now.")
  static final class Rotate extends KeyringCommand {
    @Override
    void execute() {
      out().raw(keyring().post("/v1/keys/rotate", null));
    }
  }

  @Command(name = "revoke", description = "Emergency revoke: the key and its tokens stop now.")
  static final class Revoke extends KeyringCommand {
    @Parameters(paramLabel = "KID")
    String kid;

    @Option(names = "--reason", required = true)
    String reason;

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("reason", reason);
      out().object(keyring().post("/v1/keys/" + Api.segment(kid) + "/revoke", body), COLUMNS);
    }
  }

  @Command(name = "jwks", description = "The published JWKS (what verifiers see).")
  static final class Jwks extends KeyringCommand {
    @Override
    void execute() {
      URI jwks = session().signet().discovery().jwksUri();
      if (jwks == null) {
        jwks = URI.create(session().keyringUrl() + "/.well-known/jwks.json");
      }
      out().raw(session().http().get(jwks, null));
    }
  }
}
