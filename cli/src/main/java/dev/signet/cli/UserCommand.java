package dev.signet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "users",
    description = "People (admin-api /v1/users); new people arrive through `signet invites`.",
    subcommands = {
      UserCommand.ListUsers.class,
      UserCommand.Get.class,
      UserCommand.Action.Disable.class,
      UserCommand.Action.Enable.class,
      UserCommand.Action.RevokeTokens.class,
      UserCommand.Delete.class
    })
final class UserCommand extends CommandGroup {

  static final String PATH = "/v1/users";

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("ID", "id"),
          new Output.Column("EMAIL", "email"),
          new Output.Column("NAME", "display_name"),
          new Output.Column("STATUS", "status"),
          new Output.Column("ROLES", "roles"));

  static final List<Output.Column> FIELDS =
      List.of(
          new Output.Column("id", "id"),
          new Output.Column("email", "email"),
          new Output.Column("name", "display_name"),
          new Output.Column("status", "status"),
          new Output.Column("roles", "roles"),
          new Output.Column("email verified", "email_verified_at"),
          new Output.Column("user_ver", "user_ver"));

  @Command(name = "list", description = "List people.")
  static final class ListUsers extends ListCommand {
    ListUsers() {
      super(PATH, COLUMNS);
    }

    @Option(names = "--status", description = "invited, active, disabled or deleted")
    String status;

    @Option(names = "--role")
    String role;

    @Option(names = "--email", description = "Part of the address.")
    String email;

    @Override
    String[] filters() {
      return new String[] {"status", status, "role", role, "email", email};
    }
  }

  @Command(name = "get", description = "One person.")
  static final class Get extends SignetSubcommand {
    @Parameters(paramLabel = "USER_ID")
    String id;

    @Override
    void execute() {
      out().object(admin().get(PATH + "/" + Api.segment(id)), FIELDS);
    }
  }

  /** The POST actions on a person; each ends with the person as they are now. */
  abstract static class Action extends IdAction {
    Action(String action) {
      super(PATH, action, FIELDS);
    }

    @Command(name = "disable", description = "Disable a person and end everything they hold.")
    static final class Disable extends Action {
      Disable() {
        super("disable");
      }
    }

    @Command(name = "enable", description = "Enable a disabled person.")
    static final class Enable extends Action {
      Enable() {
        super("enable");
      }
    }

    @Command(name = "revoke-tokens", description = "End every token and session of a person.")
    static final class RevokeTokens extends Action {
      RevokeTokens() {
        super("revoke-tokens");
      }
    }
  }

  @Command(name = "delete", description = "Delete a person (soft: the record stays).")
  static final class Delete extends SignetSubcommand {
    @Parameters(paramLabel = "USER_ID")
    String id;

    @Override
    void execute() {
      admin().send("DELETE", PATH + "/" + Api.segment(id), null);
      err().println("Deleted " + Output.withoutControls(id) + ".");
    }
  }
}
