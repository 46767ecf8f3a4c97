package dev.signet.deploy.suite;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A fresh, empty database for one suite run, found like common's {@code PostgresTestResource}: the
 * server in {@code SIGNET_TEST_DB_URL} (postgresql://user[:password]@host:port) when set, else the
 * one on 127.0.0.1:5432, else an embedded PostgreSQL. The services migrate it at start.
 */
public final class SuiteDatabase implements AutoCloseable {

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String name;
  private final EmbeddedPostgres embedded;
  private boolean dropped;

  private SuiteDatabase(
      String host, int port, String user, String password, EmbeddedPostgres embedded) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    this.name = "signet_e2e_" + HexFormat.of().formatHex(suffix);
  }

  /** Creates {@code signet_e2e_<random>} on the server found as described above. */
  static SuiteDatabase create() {
    SuiteDatabase db = locate();
    db.execute("CREATE DATABASE " + db.name);
    return db;
  }

  private static SuiteDatabase locate() {
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
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      return new SuiteDatabase(uri.getHost(), port, user, password, null);
    }
    if (answers("127.0.0.1", 5432)) {
      return new SuiteDatabase("127.0.0.1", 5432, "postgres", "", null);
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new SuiteDatabase("127.0.0.1", pg.getPort(), "postgres", "", pg);
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and no embedded one", e);
    }
  }

  /** The services' {@code SIGNET_DB_URL}. */
  public String url() {
    return "postgresql://" + host + ":" + port + "/" + name;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Drops the database (forcing off any connection a killed service left) and stops embedded. */
  @Override
  public synchronized void close() {
    if (dropped) {
      return;
    }
    dropped = true;
    try {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // the run is over either way
        }
      }
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void execute(String sql) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + host + ":" + port + ": " + e, e);
    }
  }
}
