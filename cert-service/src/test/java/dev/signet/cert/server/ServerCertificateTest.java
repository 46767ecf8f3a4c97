package dev.signet.cert.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
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
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
import java.util.Base64;
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
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/server-certificates and the policy admin API over HTTP, LOCAL issuer, real Postgres. The
 * test profile name-constrains the local server CA to a.example, example.com, svc.cluster.local,
 * xn--mnchen-3ya.example, 10.0.0.0/8 and 2001:db8::/32.
 */
@QuarkusTest
class ServerCertificateTest {

  private static final String ADMIN = ServerPolicyResource.SCOPE_ADMIN;
  private static final String SERVER = ServerCertificateResource.SCOPE_SERVER;

  @Inject TestTokens tokens;

  @Test
  void anAllowedAccountGetsAServerCertificateFromAnOpensslCsr() throws Exception {
    String account = allow(List.of("api.a.example", "*.svc.cluster.local"), List.of("10.1.0.0/16"));
    JsonPath body =
        issue(account, Map.of("csr", fixture("server-p256.csr")))
            .statusCode(200)
            .body("ttl_seconds", equalTo(6 * 24 * 3600))
            .body("ttl_clamped_by", nullValue())
            .extract()
            .jsonPath();
    assertEquals(List.of("api.a.example", "x.svc.cluster.local"), body.getList("dns_names"));
    assertEquals(List.of("10.1.2.3"), body.getList("ip_addresses"));

    X509Certificate leaf = certificate(body.getString("certificate_pem"));
    X509Certificate ca = certificate(body.getString("ca_certificate_pem"));
    leaf.verify(ca.getPublicKey());
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
    assertEquals(
        List.of(
            List.of(2, "api.a.example"), List.of(2, "x.svc.cluster.local"), List.of(7, "10.1.2.3")),
        List.copyOf(leaf.getSubjectAlternativeNames()));
    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=api.a.example"));
    assertTrue(ca.getCriticalExtensionOIDs().contains(Extension.nameConstraints.getId()));
    assertTrue(ca.getSubjectX500Principal().getName().contains("server"), "the server CA");

    String serial = body.getString("serial_number");
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT kind, requested_by, array_length(sans, 1) FROM certificates"
                    + " WHERE serial_number = ?")) {
      q.setString(1, serial);
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("server", rs.getString(1));
        assertEquals(account, rs.getString(2));
        assertEquals(3, rs.getInt(3));
      }
    }
    String payload = outbox("certificate.issued", serial);
    assertTrue(payload.contains("x.svc.cluster.local"), payload);
    assertFalse(payload.contains("BEGIN"), "no PEM in audit");
  }

  @Test
  void anRsaCsrAskingTooLongIsClampedToSixDays() throws Exception {
    String account = allow(List.of("web.example.com"), List.of());
    issue(account, Map.of("csr", fixture("server-rsa2048.csr"), "ttl_seconds", 30 * 24 * 3600))
        .statusCode(200)
        .body("ttl_seconds", equalTo(6 * 24 * 3600))
        .body("ttl_clamped_by", containsString("server certificates"));
  }

  @Test
  void wildcardsOnlyWhereThePolicyAllowsThem() throws Exception {
    String allowed = allow(List.of("*.a.example"), List.of(), true);
    issue(allowed, Map.of("csr", fixture("server-wildcard.csr")))
        .statusCode(200)
        .body("dns_names", equalTo(List.of("*.a.example")));
    assertRule(
        issue(allowed, Map.of("csr", fixture("server-wildcard-deep.csr"))),
        403,
        "csr-wildcard-too-deep");
    assertRule(
        issue(allowed, Map.of("csr", fixture("server-two-deep.csr"))), 403, "csr-san-not-allowed");
    String refused = allow(List.of("*.a.example"), List.of());
    assertRule(
        issue(refused, Map.of("csr", fixture("server-wildcard.csr"))),
        403,
        "csr-wildcard-not-allowed");
  }

  @Test
  void everyBadCsrIsRefusedNamingItsRule() throws Exception {
    String account = allow(List.of("*.a.example", "*.example.com"), List.of("10.1.0.0/16"), true);
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("server-wildcard-middle.csr", "400 csr-wildcard-not-left-most"),
            Map.entry("server-outside.csr", "403 csr-san-not-allowed"),
            Map.entry("server-mixed-script.csr", "400 csr-confusable-name"),
            Map.entry("server-bad-punycode.csr", "400 csr-invalid-idna"),
            Map.entry("server-uri-san.csr", "400 csr-server-san"),
            Map.entry("server-ip-outside.csr", "403 csr-ip-not-allowed"),
            Map.entry("certificate.pem", "400 csr-certificate-not-csr"),
            Map.entry("rsa1024.csr", "400 csr-weak-key"),
            Map.entry("p192.csr", "400 csr-weak-key"),
            Map.entry("p256.csr", "400 csr-no-names"));
    for (var entry : cases.entrySet()) {
      String[] expected = entry.getValue().split(" ");
      issue(account, Map.of("csr", fixture(entry.getKey())))
          .statusCode(Integer.parseInt(expected[0]))
          .contentType("application/problem+json")
          .body("type", endsWith("/" + expected[1]));
    }
    assertEquals(0, rowsFor(account));
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("cert_issue_errors_total{reason=\"csr-weak-key\""), "counted");
    assertTrue(metrics.contains("cert_issue_errors_total{reason=\"csr-confusable-name\""));
    assertTrue(metrics.contains("cert_issued_total{kind=\"server\""));
  }

  @Test
  void bouncyCastleCsrsGoodTamperedAndGarbage() throws Exception {
    String account = allow(List.of("*.a.example"), List.of());
    issue(account, Map.of("csr", pem(csr(new GeneralName(GeneralName.dNSName, "db.a.example")))))
        .statusCode(200);
    PKCS10CertificationRequest good = csr(new GeneralName(GeneralName.dNSName, "db.a.example"));
    byte[] der = good.getEncoded();
    der[der.length - 5] ^= 0x01;
    String tampered =
        "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END CERTIFICATE REQUEST-----\n";
    assertRule(issue(account, Map.of("csr", tampered)), 400, "csr-bad-signature");
    assertRule(issue(account, Map.of("csr", "garbage")), 400, "csr-not-a-csr");
    assertRule(issue(account, Map.of("csr", "garbage\u0000")), 400, "malformed-body");
    assertRule(
        issue(
            account,
            Map.of(
                "csr", pem(csr(new GeneralName(GeneralName.dNSName, "xn--pypal-4ve.a.example"))))),
        400,
        "csr-confusable-name");
  }

  @Test
  void aMegabyteBodyIsRefusedBeforeItIsRead() {
    String body = "{\"csr\":\"" + "A".repeat(1024 * 1024) + "\"}";
    given()
        .auth()
        .oauth2(tokens.bearer("svc-" + UUID.randomUUID(), SERVER))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/server-certificates")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", endsWith("/body-too-large"));
  }

  @Test
  void namesThePolicyAllowsButTheCaIsConstrainedAgainstAreRefusedBeforeSigning() throws Exception {
    String account = allow(List.of("*.other.test"), List.of("11.0.0.0/8"));
    assertRule(
        issue(
            account,
            Map.of("csr", pem(csr(new GeneralName(GeneralName.dNSName, "api.other.test"))))),
        403,
        "csr-name-constraint");
    assertRule(
        issue(account, Map.of("csr", pem(csr(new GeneralName(GeneralName.iPAddress, "11.0.0.1"))))),
        403,
        "csr-name-constraint");
    assertEquals(0, rowsFor(account));
  }

  @Test
  void callersWithoutAPolicyTheScopeOrAServiceAccountAreRefused() throws Exception {
    String csr = fixture("server-p256.csr");
    assertRule(
        issue("svc-" + UUID.randomUUID(), Map.of("csr", csr)),
        403,
        "server-certificates-not-allowed");
    String account = allow(List.of("api.a.example"), List.of("10.1.0.0/16"));
    JwtClaims user = tokens.claims(account, SERVER);
    user.setClaim("principal_type", "user");
    post(tokens.sign(user), Map.of("csr", csr)).statusCode(403);
    post(tokens.bearer(account, "certificate:sign:client"), Map.of("csr", csr)).statusCode(403);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr))
        .post("/v1/server-certificates")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void policiesAreStoredAsALabelsAuditedAndDeletable() throws Exception {
    String account = "svc-" + UUID.randomUUID();
    String admin = tokens.bearer("admin-" + UUID.randomUUID(), ADMIN);
    put(admin, account, Map.of("dns_patterns", List.of("*.München.example"), "ip_cidrs", List.of()))
        .statusCode(201)
        .body("dns_patterns", equalTo(List.of("*.xn--mnchen-3ya.example")));
    put(admin, account, Map.of("dns_patterns", List.of("api.a.example"))).statusCode(200);
    given()
        .auth()
        .oauth2(tokens.bearer("reader", ServerPolicyResource.SCOPE_READ))
        .get("/v1/server-certificate-policies/" + account)
        .then()
        .statusCode(200)
        .body("dns_patterns", equalTo(List.of("api.a.example")))
        .body("allow_wildcards", equalTo(false));
    assertTrue(outbox("certificate.server_policy.updated", account).contains("api.a.example"));
    given()
        .auth()
        .oauth2(admin)
        .delete("/v1/server-certificate-policies/" + account)
        .then()
        .statusCode(204);
    given()
        .auth()
        .oauth2(admin)
        .get("/v1/server-certificate-policies/" + account)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void badPoliciesAreRefusedNamingTheEntry() {
    String admin = tokens.bearer("admin-" + UUID.randomUUID(), ADMIN);
    String account = "svc-" + UUID.randomUUID();
    put(admin, account, Map.of("dns_patterns", List.of("ok.a.example", "xn--pypal-4ve.a.example")))
        .statusCode(400)
        .body("errors[0].field", equalTo("dns_patterns[1]"));
    put(admin, account, Map.of("dns_patterns", List.of("a.*.example"))).statusCode(400);
    put(admin, account, Map.of("ip_cidrs", List.of("10.0.0.1", "999.0.0.0/8")))
        .statusCode(400)
        .body("errors.size()", equalTo(2));
    put(admin, account, Map.of("dns_patterns", List.of("a\u0000b.example"))).statusCode(400);
    put(admin, account, Map.of()).statusCode(400);
    put(admin, "bad account", Map.of("dns_patterns", List.of("a.example"))).statusCode(400);
    put(
            tokens.bearer("svc", ServerPolicyResource.SCOPE_READ),
            account,
            Map.of("dns_patterns", List.of("a.example")))
        .statusCode(403);
  }

  private String allow(List<String> patterns, List<String> cidrs) {
    return allow(patterns, cidrs, false);
  }

  private String allow(List<String> patterns, List<String> cidrs, boolean wildcards) {
    String account = "svc-" + UUID.randomUUID();
    put(
            tokens.bearer("admin-" + UUID.randomUUID(), ADMIN),
            account,
            Map.of("dns_patterns", patterns, "ip_cidrs", cidrs, "allow_wildcards", wildcards))
        .statusCode(201);
    return account;
  }

  private static ValidatableResponse put(String bearer, String account, Object body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(body)
        .put("/v1/server-certificate-policies/" + account.replace(" ", "%20"))
        .then();
  }

  private ValidatableResponse issue(String account, Object body) {
    return post(tokens.bearer(account, SERVER), body);
  }

  private static ValidatableResponse post(String bearer, Object body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/server-certificates")
        .then();
  }

  private static void assertRule(ValidatableResponse response, int status, String slug) {
    response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", endsWith("/" + slug));
  }

  @Test
  void numbersAsStringsAndKeysGivenTwiceAreMalformed() throws Exception {
    String account = allow(List.of("*.a.example"), List.of());
    String csr =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(fixture("server-rsa2048.csr"));
    for (String body :
        List.of(
            "{\"csr\":" + csr + ",\"ttl_seconds\":\"600\\u0000\"}",
            "{\"csr\":" + csr + ",\"ttl_seconds\":\"600\"}",
            "{\"csr\":" + csr + ",\"ttl_seconds\":600.9}",
            "{\"csr\":" + csr + ",\"ttl_seconds\":600,\"ttl_seconds\":60}",
            "{\"csr\":\"x\",\"csr\":" + csr + "}")) {
      ValidatableResponse response = issue(account, body);
      assertRule(response, 400, "malformed-body");
    }
    issue(account, "{\"csr\":" + csr + ",\"ttl_seconds\":600,\"ttl_seconds\":60}")
        .body("detail", containsString("'ttl_seconds' appears more than once"));
    assertEquals(0, rowsFor(account));
  }

  static String fixture(String name) throws Exception {
    try (InputStream in = ServerCertificateTest.class.getResourceAsStream("/csr/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  static PKCS10CertificationRequest csr(GeneralName... names) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), pair.getPublic())
        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
  }

  static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static int rowsFor(String account) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT count(*) FROM certificates WHERE requested_by = ?")) {
      q.setString(1, account);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static String outbox(String type, String needle) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT string_agg(payload::text, ' ') FROM outbox WHERE event_type = ?"
                    + " AND payload::text LIKE ? HAVING count(*) > 0")) {
      q.setString(1, type);
      q.setString(2, "%" + needle + "%");
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next(), "an audit event " + type + " for " + needle);
        return rs.getString(1);
      }
    }
  }
}
