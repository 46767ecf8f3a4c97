package dev.signet.cli;

import java.io.PrintWriter;

/** A one-line spinner on a terminal; silent when stderr is not one (CI logs stay clean). */
final class Spinner {

  private static final String FRAMES = "|/-\\";
  private final PrintWriter err;
  private final boolean terminal;
  private int frame;

  Spinner(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  void tick(String message) {
    if (terminal) {
      err.print("\r" + FRAMES.charAt(frame++ % FRAMES.length()) + " " + message + "   ");
      err.flush();
    }
  }

  void done() {
    if (terminal) {
      err.print("\r");
      err.flush();
    }
  }
}
