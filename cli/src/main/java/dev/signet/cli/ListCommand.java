package dev.signet.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A list of one admin-api collection: its filters, a page size and the server's cursor. */
@Command
abstract class ListCommand extends SignetSubcommand {

  @Option(names = "--limit", description = "Page size (the server's default 50, at most 200).")
  String limit;

  @Option(names = "--cursor", description = "The next_cursor of the previous page.")
  String cursor;

  private final String path;
  private final List<Output.Column> columns;

  ListCommand(String path, List<Output.Column> columns) {
    this.path = path;
    this.columns = columns;
  }

  /** Query parameter names and values, in pairs; null values are left out. */
  abstract String[] filters();

  @Override
  void execute() {
    List<String> query = new ArrayList<>(java.util.Arrays.asList(filters()));
    query.addAll(java.util.Arrays.asList("limit", limit, "cursor", cursor));
    out().list(admin().get(path, Api.query(query.toArray(String[]::new))), columns);
  }
}
