package dev.signet.delegation;

import static io.restassured.RestAssured.given;

import dev.signet.common.auth.Scopes;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Requests as the three kinds of caller this service has, and reads of the outbox. */
public final class Api {

  private final TestTokens tokens;

  public Api(TestTokens tokens) {
    this.tokens = tokens;
  }

  public RequestSpecification admin() {
    return as("alice", DelegationScopes.ADMIN);
  }

  public RequestSpecification reader() {
    return as("carol", DelegationScopes.READ);
  }

  /** token-service's internal account. */
  public RequestSpecification internal() {
    return as("svc-token", Scopes.INTERNAL);
  }

  public RequestSpecification as(String subject, String... scopes) {
    return given().auth().oauth2(tokens.bearer(subject, scopes)).contentType(ContentType.JSON);
  }

  /** Outbox events of {@code type} whose payload names {@code target}. */
  public static int auditEvents(String type, String target) {
    return count(
        "SELECT count(*) FROM outbox WHERE event_type = ? AND payload::text LIKE ?",
        type,
        "%\"" + target + "\"%");
  }

  public static int count(String sql, String... args) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        q.setString(i + 1, args[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement from the test's own connection (another replica, a hand edit). */
  public static void execute(String sql, String... args) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        q.setString(i + 1, args[i]);
      }
      q.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
