package dev.signet.admin;

import dev.signet.common.testing.PostgresTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain JDBC fixtures and assertions against the test database. */
public final class Sql {

  private Sql() {}

  /** The first row of the query as column -> value, or null when there is none. */
  public static Map<String, Object> row(String sql, Object... params) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String sql, Object... params) {
    return ((Number) row(sql, params).values().iterator().next()).longValue();
  }

  public static int update(String sql, Object... params) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
