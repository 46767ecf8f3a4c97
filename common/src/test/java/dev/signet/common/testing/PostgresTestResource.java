package dev.signet.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a test JVM its own fresh database: on {@code SIGNET_TEST_DB_URL}
 * (postgresql://user[:password]@host:port) when set, else on the PostgreSQL at 127.0.0.1:5432 when
 * one answers, else on one embedded PostgreSQL started for the run. The database is dropped when
 * the JVM exits.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  private static TestDatabase database;
  private static TestConnectionPool pool;

  @Override
  public Map<String, String> start() {
    TestDatabase db = database();
    return Map.of(
        "signet.db.url", db.reactiveUrl(),
        "signet.db.username", db.username(),
        "signet.db.password", db.password());
  }

  @Override
  public void stop() {
    // Kept for the other Quarkus test profiles in this JVM; dropped at JVM exit.
  }

  /** The database of this test JVM, created on first use. */
  public static synchronized TestDatabase database() {
    if (database == null) {
      database = create();
    }
    return database;
  }

  /**
   * A connection from this test JVM's one pool ({@link TestConnectionPool}); closing it gives it
   * back. Fixtures and assertions use this; a test that holds a session of its own (a lock, LISTEN)
   * uses {@code database().connect()}.
   */
  public static Connection pooledConnection() throws SQLException {
    TestConnectionPool p;
    synchronized (PostgresTestResource.class) {
      if (pool == null) {
        pool = new TestConnectionPool(database());
      }
      p = pool;
    }
    return p.connection();
  }

  private static TestDatabase create() {
    Server server = locateServer();
    String module = Path.of("").toAbsolutePath().getFileName().toString();
    String name =
        ("signet_test_" + module + "_" + UUID.randomUUID().toString().substring(0, 8))
            .replaceAll("[^a-zA-Z0-9_]", "_")
            .toLowerCase(Locale.ROOT);
    execute(server, "CREATE DATABASE " + name);
    TestDatabase db =
        new TestDatabase(server.host, server.port, name, server.user, server.password);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                  } catch (RuntimeException ignored) {
                    // The server may already be gone (embedded one stopping first).
                  }
                }));
    return db;
  }

  private record Server(String host, int port, String user, String password) {}

  private static Server locateServer() {
    String configured = System.getenv("SIGNET_TEST_DB_URL");
    if (configured != null && !configured.isBlank()) {
      URI uri = URI.create(configured.replaceFirst("^jdbc:", ""));
      String user = "postgres";
      String password = "";
      if (uri.getUserInfo() != null) {
        String[] parts = uri.getUserInfo().split(":", 2);
        user = parts[0];
        password = parts.length > 1 ? parts[1] : "";
      }
      return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
    }
    if (answers("127.0.0.1", 5432)) {
      return new Server("127.0.0.1", 5432, "postgres", "");
    }
    return EmbeddedServer.start();
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void execute(Server server, String sql) {
    String url = "jdbc:postgresql://" + server.host + ":" + server.port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, server.user, server.password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
    }
  }

  /** One embedded PostgreSQL per test JVM, for machines without a server. */
  private static final class EmbeddedServer {
    static Server start() {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(pg)));
        return new Server("127.0.0.1", pg.getPort(), "postgres", "");
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }

    private static void close(EmbeddedPostgres pg) {
      try {
        pg.close();
      } catch (IOException ignored) {
        // exiting anyway
      }
    }
  }
}
