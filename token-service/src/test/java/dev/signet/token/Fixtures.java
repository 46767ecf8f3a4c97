package dev.signet.token;

import static io.restassured.RestAssured.given;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.PostgresTestResource;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
      try (Connection c = PostgresTestResource.database().connect();
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
    try (Connection c = PostgresTestResource.database().connect();
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

  /** The first column of every row. */
  public static List<String> column(String sql, Object... params) {
    try (Connection c = PostgresTestResource.database().connect();
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

  /** Sets the refresh reuse grace window; tests that change it put 0 back. */
  public static void graceSeconds(int seconds) {
    update("UPDATE token_policy SET refresh_reuse_grace_seconds = ? WHERE id = 'default'", seconds);
  }
}
