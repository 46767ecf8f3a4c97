package dev.signet.keyring.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.keyring.KeyringFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** An operator's EC key given as PEM in config becomes the active ES256 key at startup. */
@QuarkusTest
@TestProfile(KeyImportModeTest.ImportProfile.class)
class KeyImportModeTest {

  /** Supplies the PEM the way an env var would, with literal \n escapes. */
  public static class ImportProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "signet.keyring.import-key.pem", resource("ec-p256-pkcs8.pem").replace("\n", "\\n"));
    }
  }

  @Inject ActiveKeySigner signer;

  @Test
  void importedKeyIsActivePublishedAndSigns() {
    String kid = resource("ec-p256-pkcs8.kid").trim();
    assertEquals("active", KeyringFixtures.state(kid));
    assertEquals(
        1,
        KeyringFixtures.count(
            "SELECT count(*) FROM signing_keys WHERE kid = ? AND source = 'imported'", kid));
    given()
        .get("/.well-known/jwks.json")
        .then()
        .body("keys.kid", hasItem(kid))
        .body("keys.find { it.kid == '" + kid + "' }.crv", equalTo("P-256"));
    assertEquals(SigningAlgorithm.ES256, KeyringFixtures.await(signer::activeAlgorithm));
    String jwt = KeyringFixtures.await(() -> signer.sign(new JwtClaims(), "JWT"));
    assertEquals(kid, KeyringFixtures.kidOf(jwt));
  }

  static String resource(String name) {
    try (InputStream in = KeyImportModeTest.class.getResourceAsStream("/pem/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
