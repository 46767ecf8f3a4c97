package dev.signet.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keys made, imported and sealed work the same whichever provider ends up first. */
class CryptoProvidersTest {

  @AfterAll
  static void restoreJdkProviders() {
    Security.removeProvider("AmazonCorrettoCryptoProvider");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void signAndVerifyWorkWithThePreferredProvider(SigningAlgorithm alg) throws Exception {
    String provider = CryptoProviders.installPreferred();
    assertTrue(!provider.isBlank());
    SigningKeyMaterial key = SigningKeyMaterial.generate(alg, 2048);
    SigningKeyMaterial again =
        SigningKeyMaterial.fromEncoded(alg, key.publicKeyDer(), key.privateKeyPkcs8());
    assertEquals(key.kid(), again.kid());

    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload("{}");
    jws.setAlgorithmHeaderValue(alg.jwsName());
    jws.setKey(again.privateKey());
    String compact = jws.getCompactSerialization();
    JsonWebSignature check = new JsonWebSignature();
    check.setCompactSerialization(compact);
    check.setKey(key.publicKey());
    assertTrue(check.verifySignature());

    MasterKeys masterKeys = MasterKeys.of("1=" + MasterKeys.newMasterKey());
    MasterKeys.Sealed sealed = masterKeys.seal(key.privateKeyPkcs8(), key.kid());
    assertEquals(
        key.kid(),
        SigningKeyMaterial.fromEncoded(
                alg, key.publicKeyDer(), masterKeys.open("1", sealed.ciphertext(), key.kid()))
            .kid());
    assertEquals(
        SigningAlgorithm.ES256,
        PemKeys.parse(PemKeysTest.resource("ec-p256-pkcs8.pem"), "s").algorithm());
  }
}
