package dev.signet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: the session, stdout as {@link Output}, stderr for talk. */
@picocli.CommandLine.Command
abstract class SignetSubcommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  SignetCommand root() {
    return (SignetCommand) spec.root().userObject();
  }

  Session session() {
    return root().session();
  }

  Output out() {
    return root().output(spec.commandLine().getOut());
  }

  /** Messages for the person (prompts, progress), kept off stdout so scripts can capture it. */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Api admin() {
    return new Api(session(), session().adminUrl());
  }

  @Override
  public final Integer call() throws Exception {
    execute();
    return ExitCodes.OK;
  }

  abstract void execute() throws Exception;
}
