package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "invites",
    description = "Invites (admin-api /v1/invites): the only way a person gets an account.",
    subcommands = {
      InviteCommand.Create.class,
      InviteCommand.ListInvites.class,
      InviteCommand.Revoke.class
    })
final class InviteCommand extends CommandGroup {

  static final String PATH = "/v1/invites";

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("ID", "id"),
          new Output.Column("EMAIL", "email"),
          new Output.Column("STATUS", "status"),
          new Output.Column("EXPIRES", "expires_at"),
          new Output.Column("BY", "invited_by"));

  @Command(name = "create", description = "Invite a person by email.")
  static final class Create extends SignetSubcommand {
    @Option(names = "--email", required = true)
    String email;

    @Option(names = "--name", description = "Display name.")
    String name;

    @Option(names = "--role", split = ",", description = "Roles (repeat or comma separate).")
    List<String> roles = List.of();

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("email", email);
      body.put("display_name", name);
      body.set("roles", SignetHttp.json().valueToTree(roles));
      JsonNode sent = admin().post(PATH, body);
      // The answer is {"invite": {...}, "mail_message_id": ...}; -o json shows all of it.
      if (out().json()) {
        out().raw(sent);
      } else {
        out().object(sent.path("invite"), COLUMNS);
      }
    }
  }

  @Command(name = "list", description = "List invites.")
  static final class ListInvites extends ListCommand {
    ListInvites() {
      super(PATH, COLUMNS);
    }

    @Option(names = "--status", description = "pending, redeemed, expired or revoked")
    String status;

    @Option(names = "--email")
    String email;

    @Override
    String[] filters() {
      return new String[] {"status", status, "email", email};
    }
  }

  @Command(name = "revoke", description = "Revoke a pending invite.")
  static final class Revoke extends IdAction {
    Revoke() {
      super(PATH, "revoke", COLUMNS);
    }

    @Option(names = "--reason")
    String reason;

    @Override
    Object body() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("reason", reason);
      return body;
    }
  }
}
