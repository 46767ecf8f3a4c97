import dev.signet.common.keys.MasterKeys;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.jose4j.json.JsonUtil;

/**
 * Bench fixtures through the real common key code: an active RS256 signing key sealed under the
 * given master key (when none is active) and one service account. Run with the token-service's
 * quarkus-app/lib/main jars on the class path (java -cp ... Seed.java).
 *
 * <p>args: jdbcUrl user password masterKeys hmacKeys clientId clientSecret
 */
public class Seed {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2])) {
      boolean active;
      try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM signing_keys WHERE state='active' AND alg='RS256'");
          ResultSet rs = s.executeQuery()) {
        active = rs.next();
      }
      if (!active) {
        SigningKeyMaterial key = SigningKeyMaterial.generate(SigningAlgorithm.RS256, 2048);
        MasterKeys.Sealed sealed = MasterKeys.of(a[3]).seal(key.privateKeyPkcs8(), key.kid());
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO signing_keys (kid, alg, key_type, key_size, state, public_jwk,"
                    + " public_key_der, private_key_ciphertext, master_key_version, activated_at)"
                    + " VALUES (?, 'RS256', 'RSA', ?, 'active', ?::jsonb, ?, ?, ?, now())")) {
          s.setString(1, key.kid());
          s.setInt(2, key.keySize());
          s.setString(3, JsonUtil.toJson(key.publicJwk()));
          s.setBytes(4, key.publicKeyDer());
          s.setBytes(5, sealed.ciphertext());
          s.setString(6, sealed.version());
          s.executeUpdate();
        }
      }
      HashedSecret h = SecretHasher.of(a[4]).hash(a[6]);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO service_accounts (id, client_id, name, secret_hash, secret_hash_version,"
                  + " scopes) VALUES (?, ?, ?, ?, ?, ARRAY['bench:read','bench:write'])"
                  + " ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash,"
                  + " secret_hash_version = EXCLUDED.secret_hash_version")) {
        s.setObject(1, UUID.randomUUID());
        s.setString(2, a[5]);
        s.setString(3, a[5]);
        s.setBytes(4, h.hash());
        s.setInt(5, h.version());
        s.executeUpdate();
      }
    }
  }
}
