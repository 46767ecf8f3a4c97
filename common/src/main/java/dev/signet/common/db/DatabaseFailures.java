package dev.signet.common.db;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.Locale;

/** Tells a database that cannot be reached apart from a query that went wrong. */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /** True when the cause chain shows the database is down or the connection broke. */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof io.vertx.core.VertxException && mentionsConnection(t)
          || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
      if (t instanceof PgException pg && isConnectionState(pg.getSqlState())) {
        return true;
      }
      String name = t.getClass().getName();
      if (name.endsWith("NoStackTraceThrowable") && mentionsConnection(t)) {
        return true;
      }
      if (name.equals("org.hibernate.HibernateException") && mentionsConnection(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionState(String sqlState) {
    // 08xxx connection exceptions, 57P0x operator intervention (shutdown), 53300 too many clients
    return sqlState != null
        && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("53300"));
  }

  private static boolean mentionsConnection(Throwable t) {
    String message = t.getMessage();
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("connection refused")
        || m.contains("connection closed")
        || m.contains("connection reset")
        || m.contains("connection timed out")
        || m.contains("failed to connect")
        || m.contains("pool closed");
  }
}
