package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signet.client.SignetHttp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    description = "The audit trail (admin-api /v1/audit-events).",
    subcommands = AuditCommand.Tail.class)
final class AuditCommand extends CommandGroup {

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("TIME", "occurred_at"),
          new Output.Column("TYPE", "type"),
          new Output.Column("SERVICE", "service"),
          new Output.Column("ACTOR", "actor"),
          new Output.Column("SUBJECT", "subject"),
          new Output.Column("OUTCOME", "outcome"));

  @Command(
      name = "tail",
      description = "The latest events, oldest first; --follow keeps printing new ones.")
  static final class Tail extends SignetSubcommand {
    @Option(
        names = {"-n", "--limit"},
        defaultValue = "20")
    int limit;

    @Option(names = {"-f", "--follow"})
    boolean follow;

    @Option(names = "--type", description = "Only events of this type.")
    String type;

    @Option(names = "--actor")
    String actor;

    @Option(names = "--subject")
    String subject;

    @Option(
        names = "--interval",
        defaultValue = "2",
        description = "Seconds between polls with --follow (default ${DEFAULT-VALUE}).")
    int interval;

    /** Ids already printed; bounded so a long --follow does not grow without end. */
    private final Set<String> seen = new LinkedHashSet<>();

    @Override
    void execute() throws InterruptedException {
      Api api = admin();
      print(fetch(api), true);
      while (follow) {
        Thread.sleep(Math.max(1, interval) * 1000L);
        print(fetch(api), false);
      }
    }

    private JsonNode fetch(Api api) {
      return api.get(
          "/v1/audit-events",
          Api.query(
              "limit",
              String.valueOf(Math.max(1, Math.min(limit, 200))),
              "type",
              type,
              "actor",
              actor,
              "subject",
              subject));
    }

    /** The page is newest first; the new events are printed oldest first, like tail. */
    private void print(JsonNode page, boolean first) {
      List<JsonNode> fresh = new ArrayList<>();
      page.path("items")
          .forEach(
              e -> {
                if (seen.add(e.path("id").asText())) {
                  fresh.add(e);
                }
              });
      while (seen.size() > 10_000) {
        seen.remove(seen.iterator().next());
      }
      ArrayNode ordered = SignetHttp.json().createArrayNode();
      for (int i = fresh.size() - 1; i >= 0; i--) {
        ordered.add(fresh.get(i));
      }
      if (ordered.isEmpty() && !first) {
        return;
      }
      Output out = out();
      if (out.json()) {
        ordered.forEach(out::raw);
      } else {
        out.list(ordered, COLUMNS);
      }
    }
  }
}
