package dev.signet.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * PostgreSQL helper for {@code deploy/run-local.sh}: serves an embedded PostgreSQL with a
 * persistent data directory on machines without a server, and creates the Signet database on a
 * server that lacks it.
 *
 * <pre>
 * serve DATA_DIR WORK_DIR PORT DATABASE            runs until SIGTERM/SIGINT, prints READY when up
 * ensure-database HOST PORT USER PASSWORD DATABASE  creates DATABASE when missing, then exits
 * </pre>
 */
public final class LocalPostgres {

  private LocalPostgres() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("serve")) {
      serve(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), args[4]);
    } else if (args.length == 6 && args[0].equals("ensure-database")) {
      String url = "jdbc:postgresql://" + args[1] + ":" + args[2] + "/postgres";
      try (Connection c = DriverManager.getConnection(url, args[3], args[4])) {
        ensureDatabase(c, args[5]);
      } catch (SQLException e) {
        // One line for run-local.sh to show; it decides whether to fall back to embedded.
        System.err.println("cannot use " + url + " as " + args[3] + ": " + e.getMessage());
        System.exit(1);
      }
    } else {
      System.err.println(
          "usage: LocalPostgres serve DATA_DIR WORK_DIR PORT DATABASE\n"
              + "       LocalPostgres ensure-database HOST PORT USER PASSWORD DATABASE");
      System.exit(2);
    }
  }

  private static void serve(Path dataDir, Path workDir, int port, String database)
      throws IOException, SQLException, InterruptedException {
    Files.createDirectories(dataDir);
    Files.createDirectories(workDir);
    // Our own hook (not zonky's) so the server stops exactly once, with the data kept.
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(workDir.toFile())
            .setPort(port)
            .setRegisterShutdownHook(false)
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                    System.out.println("STOPPED embedded PostgreSQL on port " + port);
                  } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "local-postgres-stop"));
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      ensureDatabase(c, database);
    }
    System.out.println("READY postgresql://127.0.0.1:" + port + "/" + database);
    System.out.flush();
    stopped.await();
  }

  private static void ensureDatabase(Connection c, String database) throws SQLException {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be a plain identifier: " + database);
    }
    try (PreparedStatement exists =
        c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement create = c.createStatement()) {
      create.execute("CREATE DATABASE " + database);
      System.out.println("created database " + database);
    }
  }
}
