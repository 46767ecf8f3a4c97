package dev.signet.common.testing;

import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.MasterKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.jose4j.jwt.JwtClaims;

/**
 * Bearer tokens for tests of any service: makes sure the test database has an active key (generated
 * and sealed by the real key code when none is active) and signs with {@link ActiveKeySigner}.
 * Inject it into a {@code @QuarkusTest}; tests that also run against the packaged service
 * ({@code @QuarkusIntegrationTest}) use {@link DatabaseTestTokens}.
 */
@ApplicationScoped
public class TestTokens {

  private final ActiveKeySigner signer;
  private final TokenVerifier verifier;
  private final MasterKeys masterKeys;
  private final Clock clock;

  TestTokens(ActiveKeySigner signer, TokenVerifier verifier, MasterKeys masterKeys, Clock clock) {
    this.signer = signer;
    this.verifier = verifier;
    this.masterKeys = masterKeys;
    this.clock = clock;
  }

  /**
   * A 15-minute access token for the subject with these scopes, issued by {@code signet.issuer}.
   */
  public String bearer(String subject, String... scopes) {
    return sign(claims(subject, scopes));
  }

  /** Standard claims (iss, sub, client_id, scope, iat, nbf, exp, jti) to adjust before signing. */
  public JwtClaims claims(String subject, String... scopes) {
    return DatabaseTestTokens.standardClaims(verifier.issuer(), clock.millis(), subject, scopes);
  }

  /** Signs the claims as they are with the ring's active key (creating an RS256 one if none). */
  public String sign(JwtClaims claims) {
    ensureActiveKey();
    return signer.sign(claims, "at+jwt").await().indefinitely();
  }

  /** The kid of the active key, inserting a freshly generated RS256 one when none is. */
  public synchronized String ensureActiveKey() {
    try (Connection c = PostgresTestResource.pooledConnection()) {
      try (PreparedStatement find =
              c.prepareStatement("SELECT kid FROM signing_keys WHERE state = 'active'");
          ResultSet rs = find.executeQuery()) {
        if (rs.next()) {
          return rs.getString(1);
        }
      }
      DatabaseTestTokens.insertActiveKey(c, masterKeys);
      signer.invalidate();
      verifier.invalidate();
      return ensureActiveKeyKid(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare a test signing key: " + e.getMessage(), e);
    }
  }

  private static String ensureActiveKeyKid(Connection c) throws SQLException {
    try (PreparedStatement find =
            c.prepareStatement("SELECT kid FROM signing_keys WHERE state = 'active'");
        ResultSet rs = find.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no active key after inserting one");
      }
      return rs.getString(1);
    }
  }
}
