package dev.signet.common.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one small JDBC pool of a test JVM, for fixtures and assertions: a helper that runs one
 * statement borrows a connection and gives it back on {@code close()} instead of paying a new
 * PostgreSQL session (TCP, start-up, authentication) per call. At most {@value #MAX} connections
 * are out at once; a borrower waits for one to come back, bounded. A connection comes back with any
 * open transaction rolled back and auto-commit on. Tests that need a session of their own (a lock
 * held across requests, LISTEN, session settings) use {@link TestDatabase#connect()}.
 */
public final class TestConnectionPool {

  static final int MAX = 8;
  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final TestDatabase database;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final Semaphore permits = new Semaphore(MAX);

  TestConnectionPool(TestDatabase database) {
    this.database = database;
  }

  /** A pooled connection; closing it returns it to the pool. */
  public Connection connection() throws SQLException {
    try {
      if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new SQLException(
            "all "
                + MAX
                + " pooled test connections stayed in use for "
                + BORROW_TIMEOUT_SECONDS
                + " s: is one not closed?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a test connection", e);
    }
    try {
      for (Connection c; (c = idle.poll()) != null; ) {
        if (c.isValid(2)) {
          return lend(c);
        }
        closeQuietly(c);
      }
      return lend(database.connect());
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Connection lend(Connection raw) {
    AtomicBoolean returned = new AtomicBoolean();
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              if (returned.compareAndSet(false, true)) {
                giveBack(raw);
              }
              return null;
            case "isClosed":
              return returned.get() || raw.isClosed();
            case "unwrap":
              if (((Class<?>) args[0]).isInstance(raw)) {
                return raw;
              }
              break;
            default:
              if (returned.get()) {
                throw new SQLException("this pooled test connection was already closed");
              }
          }
          try {
            return method.invoke(raw, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            TestConnectionPool.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private void giveBack(Connection raw) {
    try {
      if (!raw.isClosed()) {
        if (!raw.getAutoCommit()) {
          raw.rollback();
          raw.setAutoCommit(true);
        }
        idle.offer(raw);
        raw = null;
      }
    } catch (SQLException e) {
      // A broken session is dropped, not pooled.
    } finally {
      if (raw != null) {
        closeQuietly(raw);
      }
      permits.release();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // already gone
    }
  }
}
