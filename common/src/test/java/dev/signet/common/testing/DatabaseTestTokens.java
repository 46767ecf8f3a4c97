package dev.signet.common.testing;

import static io.restassured.RestAssured.given;

import dev.signet.common.auth.SignetAudiences;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.common.keys.MasterKeys;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import io.smallrye.config.SmallRyeConfig;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Bearer tokens for tests that reach the service only over HTTP, as a
 * {@code @QuarkusIntegrationTest} does (the service runs in its own process, as a jar or a native
 * binary). It signs in the test JVM with the active key of the test database, read over JDBC and
 * opened with the test profile's master keys, so it needs no CDI and the same test class runs as
 * {@code @QuarkusTest} and as {@code @QuarkusIntegrationTest}. In-process tests that need the
 * service's caches invalidated at once keep using {@link TestTokens}.
 */
public final class DatabaseTestTokens {

  /** The ring's one active key, whatever its algorithm (the rotation policy decides it). */
  private static final String ACTIVE_KEY =
      "SELECT kid, alg, private_key_ciphertext, master_key_version FROM signing_keys"
          + " WHERE state = 'active'";

  private final String issuer;
  private final MasterKeys masterKeys;

  public DatabaseTestTokens(String issuer, MasterKeys masterKeys) {
    this.issuer = issuer;
    this.masterKeys = masterKeys;
  }

  /** Issuer and master keys as the service under test sees them ({@link TestProfileConfig}). */
  public static DatabaseTestTokens fromTestProfile() {
    SmallRyeConfig config = TestProfileConfig.load();
    String masterKeys =
        config
            .getOptionalValue("signet.keyring.master-keys", String.class)
            .orElseThrow(
                () -> new IllegalStateException("the test profile sets no master keys to sign"));
    Optional<String> current =
        config.getOptionalValue("signet.keyring.master-key-current", String.class);
    return new DatabaseTestTokens(
        config.getValue("signet.issuer", String.class),
        current.isPresent() ? MasterKeys.of(masterKeys, current.get()) : MasterKeys.of(masterKeys));
  }

  /** The {@code iss} the service accepts. */
  public String issuer() {
    return issuer;
  }

  /** A 15-minute access token for the subject with these scopes. */
  public String bearer(String subject, String... scopes) {
    return sign(claims(subject, scopes));
  }

  /** Standard claims (iss, sub, client_id, scope, iat, nbf, exp, jti) to adjust before signing. */
  public JwtClaims claims(String subject, String... scopes) {
    return standardClaims(issuer, System.currentTimeMillis(), subject, scopes);
  }

  /** The claims of a 15-minute Signet access token; {@link TestTokens} uses the same. */
  static JwtClaims standardClaims(String issuer, long nowMillis, String subject, String... scopes) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    claims.setClaim("client_id", subject);
    // Every Signet service's audience, as token-service gives an account with signet: scopes.
    claims.setAudience(SignetAudiences.all());
    if (scopes.length > 0) {
      claims.setClaim("scope", String.join(" ", scopes));
    }
    claims.setIssuedAt(NumericDate.fromMilliseconds(nowMillis));
    claims.setNotBefore(NumericDate.fromMilliseconds(nowMillis));
    claims.setExpirationTime(
        NumericDate.fromMilliseconds(nowMillis + Duration.ofMinutes(15).toMillis()));
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  /**
   * Signs the claims as they are (typ at+jwt) with the ring's active key, creating an RS256 one
   * when none is active.
   */
  public String sign(JwtClaims claims) {
    ensureActiveKey();
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement find = c.prepareStatement(ACTIVE_KEY);
        ResultSet rs = find.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no active key to sign with");
      }
      String kid = rs.getString("kid");
      SigningAlgorithm alg = SigningAlgorithm.parse(rs.getString("alg"));
      byte[] pkcs8 =
          masterKeys.open(
              rs.getString("master_key_version"), rs.getBytes("private_key_ciphertext"), kid);
      PrivateKey key = SigningKeyMaterial.privateKey(alg, pkcs8);
      Arrays.fill(pkcs8, (byte) 0);
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(alg.jwsName());
      jws.setKeyIdHeaderValue(kid);
      jws.setHeader("typ", "at+jwt");
      jws.setKey(key);
      return jws.getCompactSerialization();
    } catch (SQLException | JoseException e) {
      throw new IllegalStateException("cannot sign a test token: " + e.getMessage(), e);
    }
  }

  /**
   * The kid of the active key. When none is active it inserts a freshly generated one, sealed by
   * the real key code, and notifies the services' key caches (asynchronously: see {@link
   * #awaitAccepted}).
   */
  public synchronized String ensureActiveKey() {
    try (Connection c = PostgresTestResource.pooledConnection()) {
      Optional<String> active = activeKid(c);
      if (active.isPresent()) {
        return active.get();
      }
      insertActiveKey(c, masterKeys);
      return activeKid(c)
          .orElseThrow(() -> new IllegalStateException("no active key after inserting one"));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare a test signing key: " + e.getMessage(), e);
    }
  }

  /**
   * Polls a bearer-protected GET until a token with these scopes is no longer refused with 401:
   * after {@link #ensureActiveKey} created a key, a running service learns of it by a NOTIFY or, at
   * the latest, by its reload of unknown kids two seconds after the last one. Returns the status.
   */
  public int awaitAccepted(String path, String... scopes) {
    String token = bearer("await-accepted", scopes);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      int status = given().auth().oauth2(token).get(path).statusCode();
      if (status != 401) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " still refuses a token of the active key after 15 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * A signing key of a test's own, in {@code signing_keys} in the state it asks for: tests of
   * previous, retired or revoked keys use one instead of changing the ring's shared active key.
   */
  public record OwnKey(String kid, SigningAlgorithm algorithm, PrivateKey privateKey) {

    /** Signs the claims as they are (typ at+jwt) with this key. */
    public String sign(JwtClaims claims) {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(algorithm.jwsName());
      jws.setKeyIdHeaderValue(kid);
      jws.setHeader("typ", "at+jwt");
      jws.setKey(privateKey);
      try {
        return jws.getCompactSerialization();
      } catch (JoseException e) {
        throw new IllegalStateException(
            "cannot sign with the test's own key: " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return "OwnKey[" + kid + "]";
    }
  }

  /**
   * Inserts a freshly generated RS256 key in {@code state} (pending, previous, retired, revoked;
   * not active: the ring has one, see {@link #ensureActiveKey}), sealed by the real key code. It
   * sends no notification: the test decides whether and when the services hear of it.
   */
  public OwnKey insertKey(String state) {
    if ("active".equals(state)) {
      throw new IllegalArgumentException("the ring's active key is shared: use ensureActiveKey");
    }
    SigningKeyMaterial key = SigningKeyMaterial.generate(SigningAlgorithm.RS256, 2048);
    MasterKeys.Sealed sealed = masterKeys.seal(key.privateKeyPkcs8(), key.kid());
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO signing_keys (kid, alg, key_type, key_size, state, public_jwk,"
                    + " public_key_der, private_key_ciphertext, master_key_version, activated_at)"
                    + " VALUES (?, 'RS256', 'RSA', ?, ?, ?::jsonb, ?, ?, ?, now())")) {
      insert.setString(1, key.kid());
      insert.setInt(2, key.keySize());
      insert.setString(3, state);
      insert.setString(4, JsonUtil.toJson(key.publicJwk()));
      insert.setBytes(5, key.publicKeyDer());
      insert.setBytes(6, sealed.ciphertext());
      insert.setString(7, sealed.version());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot insert a test key: " + e.getMessage(), e);
    }
    byte[] pkcs8 = key.privateKeyPkcs8();
    return new OwnKey(
        key.kid(),
        SigningAlgorithm.RS256,
        SigningKeyMaterial.privateKey(SigningAlgorithm.RS256, pkcs8));
  }

  private static Optional<String> activeKid(Connection c) throws SQLException {
    try (PreparedStatement find = c.prepareStatement(ACTIVE_KEY);
        ResultSet rs = find.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString("kid")) : Optional.empty();
    }
  }

  /**
   * Inserts a new active RS256 key sealed under the current master key (unless another one won a
   * race) and notifies {@value KeyChangeNotifications#CHANNEL}.
   */
  static void insertActiveKey(Connection c, MasterKeys masterKeys) throws SQLException {
    SigningKeyMaterial key = SigningKeyMaterial.generate(SigningAlgorithm.RS256, 2048);
    MasterKeys.Sealed sealed = masterKeys.seal(key.privateKeyPkcs8(), key.kid());
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO signing_keys (kid, alg, key_type, key_size, state, public_jwk,"
                + " public_key_der, private_key_ciphertext, master_key_version, activated_at)"
                + " VALUES (?, 'RS256', 'RSA', ?, 'active', ?::jsonb, ?, ?, ?, now())"
                + " ON CONFLICT DO NOTHING")) {
      insert.setString(1, key.kid());
      insert.setInt(2, key.keySize());
      insert.setString(3, JsonUtil.toJson(key.publicJwk()));
      insert.setBytes(4, key.publicKeyDer());
      insert.setBytes(5, sealed.ciphertext());
      insert.setString(6, sealed.version());
      insert.executeUpdate();
    }
    try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, KeyChangeNotifications.CHANNEL);
      notify.setString(2, key.kid());
      notify.execute();
    }
  }
}
