package dev.signet.cert.issue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** POST /v1/certificates/sign over HTTP with the LOCAL issuer, against real Postgres. */
@QuarkusTest
class SignClientCertificateTest {

  @Inject TestTokens tokens;

  @Test
  void developerGetsAClientCertificateNamedFromTheTokenWithTheTtlClampReported() throws Exception {
    String subject = "dev-" + UUID.randomUUID();
    JwtClaims claims = tokens.claims(subject, SignResource.SCOPE_CLIENT);
    claims.setClaim("principal_type", "user");
    JsonPath body =
        sign(tokens.sign(claims), Map.of("csr", csr(null), "ttl_seconds", 4 * 3600))
            .statusCode(200)
            .extract()
            .jsonPath();

    assertEquals(Duration.ofMinutes(90).toSeconds(), body.getLong("ttl_seconds"));
    assertTrue(body.getString("ttl_clamped_by").contains("developer"));
    String spiffe = "spiffe://signet.internal/user/" + subject;
    assertEquals(spiffe, body.getString("spiffe_id"));

    X509Certificate leaf = certificate(body.getString("certificate_pem"));
    X509Certificate ca = certificate(body.getString("ca_certificate_pem"));
    leaf.verify(ca.getPublicKey());
    assertEquals(-1, leaf.getBasicConstraints(), "a leaf, not a CA");
    assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
    assertEquals(List.of(List.of(6, spiffe)), List.copyOf(leaf.getSubjectAlternativeNames()));
    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=" + subject));
    assertFalse(leaf.getSubjectX500Principal().getName().contains("ignored"));
    assertTrue(ca.getBasicConstraints() >= 0);
    assertTrue(
        ca.getNonCriticalExtensionOIDs() == null
            || !ca.getNonCriticalExtensionOIDs().contains(Extension.nameConstraints.getId()));
    assertTrue(ca.getCriticalExtensionOIDs().contains(Extension.nameConstraints.getId()));

    String serial = body.getString("serial_number");
    assertEquals(leaf.getSerialNumber().toString(16), serial);
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT requested_by, issuer_kind, sans[1], status FROM certificates"
                    + " WHERE serial_number = ?")) {
      q.setString(1, serial);
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next(), "a certificates row");
        assertEquals(subject, rs.getString(1));
        assertEquals("LOCAL", rs.getString(2));
        assertEquals(spiffe, rs.getString(3));
        assertEquals("issued", rs.getString(4));
      }
    }
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT payload::text FROM outbox WHERE event_type = 'certificate.issued'"
                    + " AND payload::text LIKE ?")) {
      q.setString(1, "%" + serial + "%");
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next(), "an audit event in the outbox");
        String payload = rs.getString(1);
        assertTrue(payload.contains(spiffe));
        assertTrue(payload.replace(" ", "").contains("\"ttl_seconds\":5400"), payload);
        assertFalse(payload.contains("BEGIN"), "no PEM in audit");
      }
    }
  }

  @Test
  void serviceAccountWithinItsLimitGetsWhatItAskedAndNoClamp() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    sign(
            tokens.bearer(subject, SignResource.SCOPE_CLIENT),
            Map.of("csr", csr(null), "ttl_seconds", 600))
        .statusCode(200)
        .body("ttl_seconds", equalTo(600))
        .body("ttl_clamped_by", nullValue())
        .body("spiffe_id", equalTo("spiffe://signet.internal/service_account/" + subject));
  }

  @Test
  void ciJobCertificateEndsWhenTheJobTokenExpires() throws Exception {
    JwtClaims claims = tokens.claims("job-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT);
    claims.setClaim("principal_type", "ci_job");
    claims.setClaim("prov", Map.of("repository", "org/app", "run_id", "42"));
    claims.setExpirationTime(NumericDate.fromSeconds(claims.getIssuedAt().getValue() + 300));
    JsonPath body =
        sign(tokens.sign(claims), Map.of("csr", csr(null), "ttl_seconds", 3600))
            .statusCode(200)
            .body("ttl_clamped_by", containsString("job token"))
            .extract()
            .jsonPath();
    assertTrue(body.getLong("ttl_seconds") <= 300);
  }

  @Test
  void withoutATokenTheAnswerIs401ProblemJson() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr(null)))
        .post("/v1/certificates/sign")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void aTokenWithoutTheSigningScopeIsForbidden() throws Exception {
    sign(
            tokens.bearer("svc-" + UUID.randomUUID(), "signet:certificates:admin"),
            Map.of("csr", csr(null)))
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    JwtClaims claims = tokens.claims("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT);
    claims.setAudience("urn:signet:keyring");
    sign(tokens.sign(claims), Map.of("csr", csr(null))).statusCode(401);
  }

  @Test
  void aCsrAskingForADnsNameIsRefusedAndNothingIsIssued() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), Map.of("csr", csr("evil.example.com")))
        .statusCode(400)
        .contentType("application/problem+json");
    assertEquals(0, rowsFor(subject));
  }

  @Test
  void garbageHugeOrMissingCsrsAreProblemsNot500s() throws Exception {
    String bearer = tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT);
    sign(bearer, Map.of("csr", "-----BEGIN CERTIFICATE REQUEST-----\n\u0000zz\n"))
        .statusCode(400)
        .contentType("application/problem+json");
    sign(bearer, Map.of("csr", "A".repeat(200_000)))
        .statusCode(413)
        .contentType("application/problem+json");
    sign(bearer, Map.of("ttl_seconds", 60)).statusCode(400);
    sign(bearer, Map.of("csr", csr(null), "ttl_seconds", -5)).statusCode(400);
    sign(bearer, Map.of("csr", csr(null), "ttl_seconds", new java.math.BigInteger("9".repeat(40))))
        .statusCode(400);
  }

  @Test
  void aSubjectThatIsNotASpiffePathSegmentIsRefused() throws Exception {
    String subject = "repo:org/app:ref:main";
    sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), Map.of("csr", csr(null)))
        .statusCode(422)
        .contentType("application/problem+json");
    assertEquals(0, rowsFor(subject));
  }

  private static io.restassured.response.ValidatableResponse sign(String bearer, Object body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/certificates/sign")
        .then();
  }

  private static int rowsFor(String subject) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT count(*) FROM certificates WHERE requested_by = ?")) {
      q.setString(1, subject);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** An EC P-256 CSR whose subject must be ignored, with a DNS SAN when one is given. */
  private static String csr(String dnsName) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    PKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), pair.getPublic());
    if (dnsName != null) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
    return out.toString();
  }
}
