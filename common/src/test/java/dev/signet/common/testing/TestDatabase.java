package dev.signet.common.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connection facts of the database a test JVM runs against. */
public record TestDatabase(String host, int port, String name, String username, String password) {

  /** The URL form the services take in {@code signet.db.url}. */
  public String reactiveUrl() {
    return "postgresql://" + host + ":" + port + "/" + name;
  }

  public String jdbcUrl() {
    return "jdbc:" + reactiveUrl() + "?currentSchema=signet";
  }

  /** A plain JDBC connection for fixtures and assertions in tests. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }
}
