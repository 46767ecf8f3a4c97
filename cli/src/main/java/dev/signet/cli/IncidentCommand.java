package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
  static final class ListIncidents extends SignetSubcommand {
    @Option(names = "--status", description = "open, acknowledged or resolved")
    String status;

    @Option(names = "--type")
    String type;

    @Option(names = "--limit")
    String limit;

    @Option(names = "--cursor")
    String cursor;

    @Override
    void execute() {
      out()
          .list(
              admin()
                  .get(
                      PATH,
                      Api.query("status", status, "type", type, "limit", limit, "cursor", cursor)),
              COLUMNS);
    }
  }

  @Command(name = "ack", description = "Acknowledge an incident.")
  static final class Ack extends SignetSubcommand {
    @Parameters(paramLabel = "INCIDENT_ID")
    String id;

    @Override
    void execute() {
      out().object(admin().post(PATH + "/" + Api.segment(id) + "/acknowledge", null), COLUMNS);
    }
  }

  @Command(name = "resolve", description = "Resolve an incident with a note.")
  static final class Resolve extends SignetSubcommand {
    @Parameters(paramLabel = "INCIDENT_ID")
    String id;

    @Option(names = "--note", required = true, description = "What was found and done.")
    String note;

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("note", note);
      out().object(admin().post(PATH + "/" + Api.segment(id) + "/resolve", body), COLUMNS);
    }
  }
}
