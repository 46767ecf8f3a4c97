package dev.signet.cert.csr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CsrParserTest {

  @Test
  void opensslCsrsWithAcceptedKeysParseAndNameTheirKey() {
    assertEquals("RSA-2048", CsrParser.parse(fixture("rsa2048.csr")).keyDescription());
    assertEquals("EC-P-256", CsrParser.parse(fixture("p256.csr")).keyDescription());
    assertEquals("Ed25519", CsrParser.parse(fixture("ed25519.csr")).keyDescription());
  }

  @Test
  void bouncyCastleCsrsWithAcceptedKeysParse() throws Exception {
    assertEquals(
        "EC-P-384",
        CsrParser.parse(pem(csr(ec("secp384r1"), "SHA384withECDSA", null))).keyDescription());
    assertEquals(
        "RSA-3072", CsrParser.parse(pem(csr(rsa(3072), "SHA256withRSA", null))).keyDescription());
  }

  @Test
  void rsa1024IsAWeakKey() {
    assertRule(CsrRule.WEAK_KEY, fixture("rsa1024.csr"));
  }

  @Test
  void p192IsAWeakKey() {
    assertRule(CsrRule.WEAK_KEY, fixture("p192.csr"));
  }

  @Test
  void tamperedSignatureIsRefused() throws Exception {
    byte[] der = csr(ec("secp256r1"), "SHA256withECDSA", null).getEncoded();
    der[der.length - 5] ^= 0x01; // inside the signature BIT STRING
    String pem =
        "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END CERTIFICATE REQUEST-----\n";
    assertRule(CsrRule.BAD_SIGNATURE, pem);
  }

  @Test
  void aCertificateIsNotACsr() {
    assertRule(CsrRule.CERTIFICATE_NOT_CSR, fixture("certificate.pem"));
  }

  @Test
  void garbageEmptyAndNulAreNotACsr() {
    assertRule(CsrRule.NOT_A_CSR, "hello");
    assertRule(CsrRule.NOT_A_CSR, "");
    assertRule(
        CsrRule.NOT_A_CSR,
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\u0000====\n-----END CERTIFICATE REQUEST-----\n");
    assertRule(CsrRule.NOT_A_CSR, fixture("p256.csr") + fixture("p256.csr"));
  }

  @Test
  void aMegabyteBodyIsTooLarge() {
    CsrRejected rejected =
        assertThrows(CsrRejected.class, () -> CsrParser.parse("A".repeat(1024 * 1024)));
    assertEquals(CsrRule.TOO_LARGE, rejected.rule());
    assertEquals(413, rejected.problem().status());
  }

  @Test
  void requestedSansAreReported() {
    ParsedCsr csr = CsrParser.parse(fixture("p256-dns-san.csr"));
    assertEquals(List.of("api.example.com"), csr.dnsNames());
  }

  @Test
  void clientCsrWithADnsSanIsRefused() {
    ParsedCsr csr = CsrParser.parse(fixture("p256-dns-san.csr"));
    CsrRejected rejected = assertThrows(CsrRejected.class, () -> ClientCsrRules.check(csr));
    assertEquals(CsrRule.CLIENT_SAN, rejected.rule());
    assertEquals("https://signet.dev/problems/csr-client-san", rejected.problem().type());
  }

  @Test
  void clientCsrWithAnIpOrUriSanIsRefused() throws Exception {
    for (GeneralName name :
        List.of(
            new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://evil/x"))) {
      ParsedCsr csr = CsrParser.parse(pem(csr(ec("secp256r1"), "SHA256withECDSA", name)));
      assertThrows(CsrRejected.class, () -> ClientCsrRules.check(csr));
    }
  }

  @Test
  void clientCsrWithoutSansPasses() {
    ClientCsrRules.check(CsrParser.parse(fixture("p256.csr")));
  }

  private static void assertRule(CsrRule rule, String pem) {
    CsrRejected rejected = assertThrows(CsrRejected.class, () -> CsrParser.parse(pem));
    assertEquals(rule, rejected.rule(), rejected.getMessage());
    assertEquals(400, rejected.problem().status());
  }

  private static String fixture(String name) {
    try (InputStream in = CsrParserTest.class.getResourceAsStream("/csr/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static PKCS10CertificationRequest csr(KeyPair keys, String algorithm, GeneralName san)
      throws Exception {
    var builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=test"), keys.getPublic());
    if (san != null) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
  }

  private static String pem(PKCS10CertificationRequest request) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(request);
    }
    return out.toString();
  }
}
