package dev.signet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.client.SignetHttp;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "trust",
    description = "Federation trusts (token-service /v1/federation/trusts).",
    subcommands = {TrustCommand.ListTrusts.class, TrustCommand.Explain.class})
final class TrustCommand extends CommandGroup {

  static final List<Output.Column> COLUMNS =
      List.of(
          new Output.Column("ID", "id"),
          new Output.Column("NAME", "name"),
          new Output.Column("KIND", "kind"),
          new Output.Column("ISSUER", "issuer"),
          new Output.Column("AUDIENCE", "audience"));

  abstract static class TrustApi extends SignetSubcommand {
    Api trusts() {
      return new Api(session(), URI.create(session().signet().discovery().issuer()));
    }
  }

  @Command(name = "list", description = "Every trust.")
  static final class ListTrusts extends TrustApi {
    @Override
    void execute() {
      out().list(trusts().get("/v1/federation/trusts"), COLUMNS);
    }
  }

  @Command(
      name = "explain",
      description =
          "Dry run: which rule of the trust a token (or its claims) would match, and why.")
  static final class Explain extends TrustApi {
    @Parameters(index = "0", paramLabel = "TRUST_ID")
    String id;

    @Parameters(index = "1", paramLabel = "TOKEN")
    String token;

    @Override
    void execute() {
      ObjectNode body = SignetHttp.json().createObjectNode();
      body.put("token", token);
      out().raw(trusts().post("/v1/federation/trusts/" + Api.segment(id) + "/explain", body));
    }
  }
}
