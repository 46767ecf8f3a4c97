package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sa",
    aliases = "service-accounts",
    description = "Service accounts (admin-api /v1/service-accounts).",
    subcommands = {
      ServiceAccountCommand.Create.class,
      ServiceAccountCommand.ListAccounts.class,
      ServiceAccountCommand.Get.class,
      ServiceAccountCommand.Rotate.class,
      ServiceAccountCommand.Disable.class,
      ServiceAccountCommand.Enable.class
    })
final class ServiceAccountCommand extends CommandGroup {

  static final String PATH = "/v1/service-accounts";

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("CLIENT ID", "client_id"),
          new Output.Column("NAME", "name"),
          new Output.Column("STATUS", "status"),
          new Output.Column("SCOPES", "scopes"),
          new Output.Column("AUTH", "token_endpoint_auth_method"));

  static final List<Output.Column> FIELDS =
      List.of(
          new Output.Column("client id", "client_id"),
          new Output.Column("name", "name"),
          new Output.Column("description", "description"),
          new Output.Column("status", "status"),
          new Output.Column("scopes", "scopes"),
          new Output.Column("roles", "roles"),
          new Output.Column("auth", "token_endpoint_auth_method"));

  @Command(name = "create", description = "Create an account; its secret is shown once, here.")
  static final class Create extends SignetSubcommand {
    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--client-id", description = "Chosen client id (generated when absent).")
    String clientId;

    @Option(names = "--description")
    String description;

    @Option(names = "--scope", split = ",", description = "Scopes (repeat or comma separate).")
    List<String> scopes = List.of();

    @Option(names = "--refresh", description = "Issue refresh tokens to this account too.")
    boolean refresh;

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("refresh_enabled", refresh);
      body.put("name", name);
      body.put("client_id", clientId);
      body.put("description", description);
      body.set("scopes", SignetHttp.json().valueToTree(scopes));
      JsonNode created = admin().post(PATH, body);
      Output out = out();
      if (out.json()) {
        out.raw(created);
        return;
      }
      out.object(created.path("account"), FIELDS);
      if (created.hasNonNull("client_secret")) {
        out.line("client secret: " + created.get("client_secret").asText());
        err().println("Store the secret now: it is not shown again.");
      }
    }
  }

  @Command(name = "list", description = "List accounts, oldest first.")
  static final class ListAccounts extends ListCommand {
    ListAccounts() {
      super(PATH, COLUMNS);
    }

    @Option(names = "--status", description = "active or disabled")
    String status;

    @Option(names = "--name", description = "Part of the name.")
    String name;

    @Option(names = "--scope", description = "Accounts holding this scope.")
    String scope;

    @Override
    String[] filters() {
      return new String[] {"status", status, "name", name, "scope", scope};
    }
  }

  @Command(name = "get", description = "One account.")
  static final class Get extends SignetSubcommand {
    @Parameters(paramLabel = "CLIENT_ID")
    String clientId;

    @Override
    void execute() {
      out().object(admin().get(PATH + "/" + Api.segment(clientId)), FIELDS);
    }
  }

  @Command(
      name = "rotate",
      description = "Rotate the secret (the old one keeps working for the overlap).")
  static final class Rotate extends SignetSubcommand {
    @Parameters(paramLabel = "CLIENT_ID")
    String clientId;

    @Option(
        names = "--compromised",
        description = "The old secret leaked: drop it now and revoke its tokens.")
    boolean compromised;

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("compromised", compromised);
      JsonNode rotated = admin().post(PATH + "/" + Api.segment(clientId) + "/rotate-secret", body);
      Output out = out();
      if (out.json()) {
        out.raw(rotated);
        return;
      }
      out.line("client secret: " + rotated.path("client_secret").asText());
      err().println("Store the secret now: it is not shown again.");
    }
  }

  /** An action on one account, answered with the account as it is now. */
  abstract static class AccountAction extends IdAction {
    AccountAction(String action) {
      super(PATH, action, FIELDS);
    }
  }

  @Command(name = "disable", description = "Disable an account and end its tokens.")
  static final class Disable extends AccountAction {
    Disable() {
      super("disable");
    }
  }

  @Command(name = "enable", description = "Enable a disabled account.")
  static final class Enable extends AccountAction {
    Enable() {
      super("enable");
    }
  }
}
