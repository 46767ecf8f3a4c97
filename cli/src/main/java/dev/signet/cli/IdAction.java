package dev.signet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code POST <collection>/<id>/<action>}, then the object as it is now. */
@Command
abstract class IdAction extends SignetSubcommand {

  @Parameters(paramLabel = "ID")
  String id;

  private final String path;
  private final String action;
  private final List<Output.Column> shown;

  IdAction(String path, String action, List<Output.Column> shown) {
    this.path = path;
    this.action = action;
    this.shown = shown;
  }

  /** The request body, or null for none. */
  Object body() {
    return null;
  }

  @Override
  void execute() {
    out().object(admin().post(path + "/" + Api.segment(id) + "/" + action, body()), shown);
  }
}
