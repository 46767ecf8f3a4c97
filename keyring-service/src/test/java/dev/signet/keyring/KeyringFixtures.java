package dev.signet.keyring;

import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.keyring.jwks.JwksCache;
import dev.signet.keyring.rotation.RotationJob;
import dev.signet.keyring.rotation.RotationReport;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Test state of the key ring: an empty ring under a short test policy (rotate every 30 days, lead 1
 * day, grace 2 days) at real time, and helpers to run the job and read the database.
 */
@ApplicationScoped
public class KeyringFixtures {

  public static final long DAY = 86_400;

  private final MutableClock clock;
  private final RotationJob job;
  private final JwksCache jwks;
  private final KeyChangeNotifications notifications;

  KeyringFixtures(
      MutableClock clock, RotationJob job, JwksCache jwks, KeyChangeNotifications notifications) {
    this.clock = clock;
    this.job = job;
    this.jwks = jwks;
    this.notifications = notifications;
  }

  /** Empties the key ring and restores the test policy and real time. */
  public void reset() {
    clock.reset();
    sql("DELETE FROM signing_keys");
    sql(
        "UPDATE rotation_policy SET algorithm = 'RS256', rsa_key_size = 2048,"
            + " rotation_interval_seconds = "
            + 30 * DAY
            + ", pre_publish_seconds = "
            + DAY
            + ", grace_period_seconds = "
            + 2 * DAY
            + ", jwks_cache_max_age_seconds = 900, jwks_cache_margin_seconds = 300"
            + " WHERE id = 'default'");
    notifications.fireLocally();
    await(jwks::refresh);
  }

  /** One run of the rotation job, as the scheduler would do it. */
  public RotationReport rotate() {
    return await(job::runOnce);
  }

  public static <T> T await(Supplier<io.smallrye.mutiny.Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  public static void sql(String statement) {
    try (Connection c = PostgresTestResource.database().connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String query, Object... args) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row, as text. */
  public static java.util.List<String> strings(String query, Object... args) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      java.util.List<String> out = new java.util.ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String state(String kid) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement("SELECT state FROM signing_keys WHERE kid = ?")) {
      s.setString(1, kid);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long auditEvents(String type) {
    return count("SELECT count(*) FROM outbox WHERE event_type = ?", type);
  }

  /** The kid in a compact JWS header. */
  public static String kidOf(String jwt) {
    String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    return JsonPath.from(header).getString("kid");
  }
}
