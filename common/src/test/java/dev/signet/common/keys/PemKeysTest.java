package dev.signet.common.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PemKeysTest {

  private static final String SETTING = "signet.keyring.import.private-key-pem";

  @Test
  void rsaPkcs8AndPkcs1OfTheSameKeyGiveTheSameKidAsOpenSsl() {
    SigningKeyMaterial pkcs8 = PemKeys.parse(resource("rsa-pkcs8.pem"), SETTING);
    SigningKeyMaterial pkcs1 = PemKeys.parse(resource("rsa-pkcs1.pem"), SETTING);
    assertEquals(SigningAlgorithm.RS256, pkcs8.algorithm());
    assertEquals(2048, pkcs8.keySize());
    assertEquals(resource("rsa-pkcs8.kid").trim(), pkcs8.kid());
    assertEquals(pkcs8.kid(), pkcs1.kid());
  }

  @Test
  void ecP256Pkcs8AndSec1DeriveThePublicKeyOpenSslDerives() {
    SigningKeyMaterial pkcs8 = PemKeys.parse(resource("ec-p256-pkcs8.pem"), SETTING);
    SigningKeyMaterial sec1 = PemKeys.parse(resource("ec-p256-sec1.pem"), SETTING);
    assertEquals(SigningAlgorithm.ES256, pkcs8.algorithm());
    assertEquals(resource("ec-p256-pkcs8.kid").trim(), pkcs8.kid());
    assertEquals(pkcs8.kid(), sec1.kid());
    assertEquals("P-256", pkcs8.publicJwk().get("crv"));
  }

  @Test
  void ed25519Pkcs8DerivesThePublicKeyOpenSslDerives() {
    SigningKeyMaterial key = PemKeys.parse(resource("ed25519-pkcs8.pem"), SETTING);
    assertEquals(SigningAlgorithm.EdDSA, key.algorithm());
    assertEquals(resource("ed25519-pkcs8.kid").trim(), key.kid());
    assertEquals("OKP", key.publicJwk().get("kty"));
    assertEquals("Ed25519", key.publicJwk().get("crv"));
  }

  @Test
  void envStyleEscapedNewlinesAreAccepted() {
    String escaped = resource("rsa-pkcs8.pem").replace("\n", "\\n");
    assertEquals(resource("rsa-pkcs8.kid").trim(), PemKeys.parse(escaped, SETTING).kid());
  }

  @Test
  void malformedPemNamesTheSettingWithoutStackTraceOrKeyMaterial() {
    String pem = resource("rsa-pkcs8.pem");
    String broken = pem.substring(0, 200) + "!!!" + pem.substring(260);
    KeyImportException e =
        assertThrows(KeyImportException.class, () -> PemKeys.parse(broken, SETTING));
    assertTrue(e.getMessage().startsWith(SETTING), e.getMessage());
    assertEquals(0, e.getStackTrace().length);
    assertFalse(e.getMessage().contains(pem.substring(40, 80)));
  }

  @Test
  void notPemAtAllIsRefusedWithTheSettingName() {
    KeyImportException e =
        assertThrows(KeyImportException.class, () -> PemKeys.parse("hello", SETTING));
    assertTrue(e.getMessage().contains(SETTING + " is not PEM"), e.getMessage());
    assertThrows(KeyImportException.class, () -> PemKeys.parse("  ", SETTING));
  }

  @Test
  void weakOrUnsupportedKeysAreRefused() {
    KeyImportException rsa1024 =
        assertThrows(
            KeyImportException.class, () -> PemKeys.parse(resource("rsa-1024-pkcs8.pem"), SETTING));
    assertTrue(rsa1024.getMessage().contains("1024-bit"), rsa1024.getMessage());
    KeyImportException p384 =
        assertThrows(
            KeyImportException.class, () -> PemKeys.parse(resource("ec-p384-pkcs8.pem"), SETTING));
    assertTrue(p384.getMessage().contains("P-256"), p384.getMessage());
    KeyImportException cert =
        assertThrows(
            KeyImportException.class,
            () ->
                PemKeys.parse(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", SETTING));
    assertTrue(cert.getMessage().contains("CERTIFICATE"), cert.getMessage());
  }

  static String resource(String name) {
    try (InputStream in = PemKeysTest.class.getResourceAsStream("/pem/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
