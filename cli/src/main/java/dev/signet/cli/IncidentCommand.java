package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "incidents",
    description = "Security incidents (refresh-token reuse, key compromise...).",
    subcommands = {
      IncidentCommand.ListIncidents.class,
      IncidentCommand.Ack.class,
      IncidentCommand.Resolve.class
    })
final class IncidentCommand extends CommandGroup {

  static final String PATH = "/v1/incidents";

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("ID", "id"),
          new Output.Column("TYPE", "type"),
          new Output.Column("SEVERITY", "severity"),
          new Output.Column("STATUS", "status"),
          new Output.Column("SUBJECT", "subject"),
          new Output.Column("OPENED", "created_at"));

  @Command(name = "list", description = "List incidents, newest first.")
  static final class ListIncidents extends ListCommand {
    ListIncidents() {
      super(PATH, COLUMNS);
    }

    @Option(names = "--status", description = "open, acknowledged or resolved")
    String status;

    @Option(names = "--type")
    String type;

    @Override
    String[] filters() {
      return new String[] {"status", status, "type", type};
    }
  }

  /** An action on one incident, answered with the incident as it is now. */
  abstract static class IncidentAction extends IdAction {
    IncidentAction(String action) {
      super(PATH, action, COLUMNS);
    }
  }

  @Command(name = "ack", description = "Acknowledge an incident.")
  static final class Ack extends IncidentAction {
    Ack() {
      super("acknowledge");
    }
  }

  @Command(name = "resolve", description = "Resolve an incident with a note.")
  static final class Resolve extends IncidentAction {
    Resolve() {
      super("resolve");
    }

    @Option(names = "--note", required = true, description = "What was found and done.")
    String note;

    @Override
    Object body() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("note", note);
      return body;
    }
  }
}
