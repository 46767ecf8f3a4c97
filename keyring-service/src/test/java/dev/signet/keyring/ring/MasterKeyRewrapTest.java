package dev.signet.keyring.ring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.keys.MasterKeys;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.keys.SigningKeyMaterial;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import dev.signet.keyring.admin.KeysAdminResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys sealed under an old master key move to the current one and still decrypt. */
@QuarkusTest
class MasterKeyRewrapTest {

  /** Version 1 of the test master keys (application.properties), no longer current. */
  private static final MasterKeys OLD =
      MasterKeys.of("1=dGVzdC1vbmx5LW1hc3Rlci1rZXktbm90LTQtcHJvZCE=");

  @Inject KeyringFixtures fixtures;
  @Inject TestTokens tokens;
  @Inject MasterKeys masterKeys;

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  @Test
  void theRotationJobRewrapsInTheBackground() throws Exception {
    fixtures.rotate();
    SigningKeyMaterial old = insertUnderOldMasterKey();
    assertEquals(1, fixtures.rotate().rewrappedCount());
    assertEquals(
        "2",
        KeyringFixtures.strings(
                "SELECT master_key_version FROM signing_keys WHERE kid = ?", old.kid())
            .get(0));
  }

  @Test
  void rewrapMovesEveryKeyToTheCurrentMasterKey() throws Exception {
    fixtures.rotate();
    SigningKeyMaterial old = insertUnderOldMasterKey();
    long audited = KeyringFixtures.auditEvents("key.rewrapped");

    given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .post("/v1/keys/rewrap")
        .then()
        .statusCode(200)
        .body("rewrapped", equalTo(1))
        .body("master_key_version", equalTo("2"));

    assertEquals(
        0,
        KeyringFixtures.count("SELECT count(*) FROM signing_keys WHERE master_key_version <> '2'"));
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement find =
            c.prepareStatement(
                "SELECT private_key_ciphertext, master_key_version FROM signing_keys WHERE kid = ?")) {
      find.setString(1, old.kid());
      try (ResultSet rs = find.executeQuery()) {
        rs.next();
        assertArrayEquals(
            old.privateKeyPkcs8(), masterKeys.open(rs.getString(2), rs.getBytes(1), old.kid()));
      }
    }
    assertEquals(audited + 1, KeyringFixtures.auditEvents("key.rewrapped"));
  }

  private static SigningKeyMaterial insertUnderOldMasterKey() throws Exception {
    SigningKeyMaterial old = SigningKeyMaterial.generate(SigningAlgorithm.ES256, 0);
    MasterKeys.Sealed sealed = OLD.seal(old.privateKeyPkcs8(), old.kid());
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO signing_keys (kid, alg, key_type, key_size, state, public_jwk,"
                    + " public_key_der, private_key_ciphertext, master_key_version)"
                    + " VALUES (?, 'ES256', 'EC', 256, 'previous', ?::jsonb, ?, ?, '1')")) {
      insert.setString(1, old.kid());
      insert.setString(2, JsonUtil.toJson(old.publicJwk()));
      insert.setBytes(3, old.publicKeyDer());
      insert.setBytes(4, sealed.ciphertext());
      insert.executeUpdate();
    }
    return old;
  }
}
