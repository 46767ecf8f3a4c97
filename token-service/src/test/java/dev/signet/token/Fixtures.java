package dev.signet.token;

import static io.restassured.RestAssured.given;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Service accounts as admin-api would store them, written straight into the shared table, and small
 * SQL helpers for assertions.
 */
public final class Fixtures {

  /** The test profile's HMAC key (common's microprofile-config.properties). */
  public static final SecretHasher HASHER =
      SecretHasher.of("1=dGVzdC1vbmx5LWhtYWMta2V5LW5vdC1mb3ItcHJvZHVjdGlvbi11c2U=");

  /**
   * An outbox row's event as jsonb. Written this way because the outbox currently stores the
   * payload as a JSON string holding the event (double-encoded); this reads either form.
   */
  public static final String EVENT = "(payload #>> '{}')::jsonb";

  private Fixtures() {}

  /** A service account under construction; {@link #create()} inserts it. */
  public static final class Account {
    public final String clientId = "svc-" + UUID.randomUUID().toString().substring(0, 12);
    public final String secret = SecretHasher.newSecret();
    String method = "client_secret_basic";
    String jwks;
    String[] scopes = {"orders:read", "orders:write"};
    String[] audiences = {};
    String[] ipAllowList = {};
    Integer rateLimit;
    String status = "active";
    Instant expiresAt;
    boolean refresh;

    public Account method(String value) {
      this.method = value;
      return this;
    }

    public Account jwks(String value) {
      this.jwks = value;
      return this;
    }

    public Account scopes(String... values) {
      this.scopes = values;
      return this;
    }

    public Account audiences(String... values) {
      this.audiences = values;
      return this;
    }

    public Account ipAllowList(String... values) {
      this.ipAllowList = values;
      return this;
    }

    public Account rateLimitPerMinute(int value) {
      this.rateLimit = value;
      return this;
    }

    public Account disabled() {
      this.status = "disabled";
      return this;
    }

    public Account expiresAt(Instant value) {
      this.expiresAt = value;
      return this;
    }

    public Account refreshEnabled() {
      this.refresh = true;
      return this;
    }

    public Account create() {
      HashedSecret hashed = HASHER.hash(secret);
      try (Connection c = PostgresTestResource.pooledConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO service_accounts (id, client_id, name, secret_hash,"
                      + " secret_hash_version, token_endpoint_auth_method, jwks, scopes,"
                      + " allowed_audiences, ip_allow_list, rate_limit_per_minute, status,"
                      + " expires_at, refresh_enabled)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, UUID.randomUUID());
        s.setString(2, clientId);
        s.setString(3, clientId);
        s.setBytes(4, hashed.hash());
        s.setInt(5, hashed.version());
        s.setString(6, method);
        s.setString(7, jwks);
        s.setArray(8, c.createArrayOf("text", scopes));
        s.setArray(9, c.createArrayOf("text", audiences));
        s.setArray(10, c.createArrayOf("text", ipAllowList));
        s.setObject(11, rateLimit);
        s.setString(12, status);
        s.setTimestamp(13, expiresAt == null ? null : Timestamp.from(expiresAt));
        s.setBoolean(14, refresh);
        s.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    /** client_credentials with client_secret_basic and the given extra form pairs. */
    public Response token(String... pairs) {
      var spec =
          given()
              .auth()
              .preemptive()
              .basic(clientId, secret)
              .formParam("grant_type", "client_credentials");
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        spec = spec.formParam(pairs[i], pairs[i + 1]);
      }
      return spec.when().post("/oauth2/token");
    }

    public Response refresh(String refreshToken) {
      return given()
          .auth()
          .preemptive()
          .basic(clientId, secret)
          .formParam("grant_type", "refresh_token")
          .formParam("refresh_token", refreshToken)
          .when()
          .post("/oauth2/token");
    }

    public Response introspect(String token) {
      return given()
          .auth()
          .preemptive()
          .basic(clientId, secret)
          .formParam("token", token)
          .when()
          .post("/oauth2/introspect");
    }

    public Response revoke(String token) {
      return given()
          .auth()
          .preemptive()
          .basic(clientId, secret)
          .formParam("token", token)
          .when()
          .post("/oauth2/revoke");
    }
  }

  public static Account account() {
    return new Account();
  }

  /**
   * Makes sure an active account with this client id exists, so that a test bearer token of that
   * client passes token-service's account check; returns the client id.
   */
  public static String activeAccount(String clientId) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO service_accounts (id, client_id, name, secret_hash,"
                    + " secret_hash_version, scopes, status)"
                    + " VALUES (?, ?, ?, ?, 1, '{}', 'active') ON CONFLICT DO NOTHING")) {
      s.setObject(1, UUID.randomUUID());
      s.setString(2, clientId);
      s.setString(3, clientId);
      s.setBytes(4, HASHER.hash(SecretHasher.newSecret()).hash());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return clientId;
  }

  /** Runs an update and returns the affected row count. */
  public static int update(String sql, Object... params) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row. */
  public static List<String> column(String sql, Object... params) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Verifies an access token with jose4j the way a resource server would, against what
   * keyring-service publishes at /.well-known/jwks.json (active and previous keys): RS256, typ
   * at+jwt, issuer, audience and the registered time claims.
   */
  public static JwtClaims verifyWithPublishedKeys(String jwt, String issuer, String audience)
      throws InvalidJwtException, JoseException {
    String jwks =
        "{\"keys\":["
            + String.join(
                ",",
                column(
                    "SELECT public_jwk::text FROM signing_keys"
                        + " WHERE state IN ('active', 'previous')"))
            + "]}";
    return new JwtConsumerBuilder()
        .setVerificationKeyResolver(
            new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
        .setExpectedType(true, "at+jwt")
        .setExpectedIssuer(issuer)
        .setExpectedAudience(audience)
        .setRequireExpirationTime()
        .setRequireIssuedAt()
        .setRequireNotBefore()
        .setRequireJwtId()
        .setRequireSubject()
        .build()
        .processToClaims(jwt);
  }

  /** Sets the refresh reuse grace window; tests that change it restore a {@link #savePolicy}. */
  public static void graceSeconds(int seconds) {
    update("UPDATE token_policy SET refresh_reuse_grace_seconds = ? WHERE id = 'default'", seconds);
  }

  /**
   * The token policy row as it is now; {@link SavedPolicy#restore} puts every column back. Tests
   * that change the shared policy save it before and restore it after (@AfterEach), so no other
   * test sees their setting whatever the class order.
   */
  public static SavedPolicy savePolicy() {
    return new SavedPolicy(
        column("SELECT row_to_json(p)::text FROM token_policy p WHERE id = 'default'").get(0));
  }

  /** A saved token policy row. */
  public static final class SavedPolicy {
    private final String row;

    private SavedPolicy(String row) {
      this.row = row;
    }

    /** Writes the saved row back, every column at once (one statement). */
    public void restore() {
      String columns = policyColumns();
      update(
          "UPDATE token_policy p SET ("
              + columns
              + ") = (SELECT "
              + columns
              + " FROM json_populate_record(NULL::token_policy, CAST(? AS json)))"
              + " WHERE p.id = 'default'",
          row);
    }
  }

  /** Every column of token_policy but its id, as the migrated table has them. */
  private static String policyColumns() {
    return String.join(
        ", ",
        column(
            "SELECT quote_ident(column_name) FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = 'token_policy'"
                + " AND column_name <> 'id' ORDER BY ordinal_position"));
  }

  /** The reasons of the client.authentication_failed events of this client id, oldest first. */
  public static List<String> authFailureReasonsOf(String clientId) {
    return column(
        "SELECT "
            + EVENT
            + "->'attributes'->>'reason' FROM outbox"
            + " WHERE event_type = 'client.authentication_failed' AND "
            + EVENT
            + "->>'actor' = ? ORDER BY seq",
        clientId);
  }

  /**
   * The same for the requests sent with this User-Agent: ties an event to one request when there is
   * no client id to name (an unknown client).
   */
  public static List<String> authFailureReasonsFrom(String userAgent) {
    return column(
        "SELECT "
            + EVENT
            + "->'attributes'->>'reason' FROM outbox"
            + " WHERE event_type = 'client.authentication_failed' AND "
            + EVENT
            + "->'attributes'->>'user_agent' = ? ORDER BY seq",
        userAgent);
  }

  /** Retry-After is a whole number of seconds, at least 1 and at most the one-minute window. */
  public static void assertRetryAfterWithinTheWindow(Response refused) {
    String value = refused.header("Retry-After");
    if (value == null) {
      throw new AssertionError("429 without Retry-After");
    }
    long seconds = Long.parseLong(value);
    if (seconds < 1 || seconds > 60) {
      throw new AssertionError("Retry-After " + seconds + " s is outside [1, 60]");
    }
  }

  /** Sends a NOTIFY from the test's own connection, as another service or replica would. */
  public static void notify(String channel, String payload) {
    column("SELECT CAST(pg_notify(?, ?) AS text)", channel, payload);
  }

  /**
   * Until the service's LISTEN connection carries {@code channel}: it subscribes asynchronously,
   * and a (re)subscription drops every cache on it, so a test waits before relying on a cache.
   */
  public static void awaitListening(DatabaseChannels channels, String channel) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    channels.listen(channel, payload -> seen.add(String.valueOf(payload)));
    String probe = "probe-" + UUID.randomUUID();
    Eventually.until(
        Duration.ofSeconds(20),
        "a notification comes back on " + channel,
        () -> {
          notify(channel, probe);
          return seen.contains(probe);
        });
    // The loop may have sent more probes than it saw; one more, sent once, arrives after all of
    // them (PostgreSQL delivers notifications in commit order), so none is still in flight to
    // count as a change while the test reads its first value.
    String last = "drain-" + UUID.randomUUID();
    notify(channel, last);
    Eventually.until(
        Duration.ofSeconds(20),
        "the last probe comes back on " + channel,
        () -> seen.contains(last));
  }
}
