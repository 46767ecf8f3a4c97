package dev.signet.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeyMaterialTest {

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void generatedKeysSignWhatTheirPublicJwkVerifies(SigningAlgorithm alg) throws Exception {
    SigningKeyMaterial key = SigningKeyMaterial.generate(alg, 2048);
    Map<String, Object> jwk = key.publicJwk();
    assertEquals(alg.keyType(), jwk.get("kty"));
    assertEquals(key.kid(), jwk.get("kid"));
    assertEquals("sig", jwk.get("use"));
    assertEquals(alg.jwsName(), jwk.get("alg"));
    assertFalse(jwk.containsKey("d"), "private part must never be in the public JWK");

    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload("{\"sub\":\"x\"}");
    jws.setAlgorithmHeaderValue(alg.jwsName());
    jws.setKey(key.privateKey());
    String compact = jws.getCompactSerialization();

    JsonWebSignature check = new JsonWebSignature();
    check.setCompactSerialization(compact);
    check.setKey(((PublicJsonWebKey) JsonWebKey.Factory.newJwk(jwk)).getPublicKey());
    assertTrue(check.verifySignature());
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void kidIsStableAcrossEncodeAndDecode(SigningAlgorithm alg) {
    SigningKeyMaterial key = SigningKeyMaterial.generate(alg, 2048);
    SigningKeyMaterial again =
        SigningKeyMaterial.fromEncoded(alg, key.publicKeyDer(), key.privateKeyPkcs8());
    assertEquals(key.kid(), again.kid());
    assertEquals(22, key.kid().length(), "16 bytes base64url without padding");
    assertNotEquals(key.kid(), SigningKeyMaterial.generate(alg, 2048).kid());
  }

  @Test
  void rsa3072IsSupportedAndOddSizesAreNot() {
    assertEquals(3072, SigningKeyMaterial.generate(SigningAlgorithm.RS256, 3072).keySize());
    assertThrows(
        IllegalArgumentException.class,
        () -> SigningKeyMaterial.generate(SigningAlgorithm.RS256, 1024));
  }

  @Test
  void algorithmNamesParseCaseInsensitivelyAndRejectHmac() {
    assertEquals(SigningAlgorithm.EdDSA, SigningAlgorithm.parse("eddsa"));
    assertThrows(IllegalArgumentException.class, () -> SigningAlgorithm.parse("HS256"));
    assertEquals(null, SigningAlgorithm.fromJwsName("none"));
  }
}
