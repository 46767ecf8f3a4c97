package dev.signet.admin.console;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record the application writes while open (the test and the app share the JVM's log
 * manager), formatted with its parameters and causes, so a test can assert a secret never appears.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();

  static LogCapture open() {
    LogCapture capture = new LogCapture();
    java.util.logging.Logger.getLogger("").addHandler(capture);
    return capture;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    StringBuilder line = new StringBuilder();
    line.append(
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    if (record.getParameters() != null) {
      for (Object p : record.getParameters()) {
        line.append(' ').append(p);
      }
    }
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      line.append(' ').append(t);
    }
    lines.add(line.toString());
  }

  synchronized boolean contains(String text) {
    return lines.stream().anyMatch(l -> l.contains(text));
  }

  synchronized int size() {
    return lines.size();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    java.util.logging.Logger.getLogger("").removeHandler(this);
  }
}
