package dev.signet.cert.records;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cert.issue.SignResource;
import dev.signet.cert.server.ServerPolicyResource;
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
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** GET /v1/certificates, revocation and the local CA's CRL, over HTTP against real Postgres. */
@QuarkusTest
class CertificateRecordsTest {

  @Inject TestTokens tokens;

  @Test
  void listingFiltersAndPagesWithACursor() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      serials.add(issue(subject).getString("serial_number"));
    }
    String reader = tokens.bearer("reader", ServerPolicyResource.SCOPE_READ);
    JsonPath first = list(reader, "requested_by=" + subject + "&limit=2");
    assertEquals(2, first.getList("items").size());
    String cursor = first.getString("next_cursor");
    assertNotNull(cursor);
    JsonPath second = list(reader, "requested_by=" + subject + "&limit=2&cursor=" + cursor);
    assertEquals(1, second.getList("items").size());
    assertNull(second.getString("next_cursor"));
    List<String> seen = new ArrayList<>(first.getList("items.serial_number"));
    seen.addAll(second.getList("items.serial_number"));
    java.util.Collections.reverse(serials);
    assertEquals(serials, seen, "newest first, each once");
    assertEquals("client", first.getString("items[0].kind"));
    assertEquals("issued", first.getString("items[0].status"));
    assertNull(first.get("items[0].certificate_pem"), "no PEM in listings");

    assertEquals(
        0, list(reader, "requested_by=" + subject + "&kind=server").getList("items").size());
    assertEquals(
        3,
        list(reader, "requested_by=" + subject + "&issuer=LOCAL&status=issued")
            .getList("items")
            .size());
  }

  @Test
  void badListingParametersAreProblemsNot500s() {
    String reader = tokens.bearer("reader", ServerPolicyResource.SCOPE_READ);
    for (String query :
        List.of(
            "limit=0",
            "limit=201",
            "limit=abc",
            "limit=99999999999999999999",
            "cursor=garbage",
            "cursor=" + "A".repeat(500),
            "status=bogus",
            "kind=both",
            "issuer=local",
            "build_session=not-a-uuid",
            "requested_by=" + "x".repeat(300))) {
      given()
          .auth()
          .oauth2(reader)
          .get("/v1/certificates?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(tokens.bearer("svc", SignResource.SCOPE_CLIENT))
        .get("/v1/certificates")
        .then()
        .statusCode(403);
    given().get("/v1/certificates").then().statusCode(401);
  }

  @Test
  void oneRecordCarriesItsPemAndUnknownOrBadSerialsAreProblems() throws Exception {
    JsonPath issued = issue("svc-" + UUID.randomUUID());
    String reader = tokens.bearer("reader", ServerPolicyResource.SCOPE_READ);
    given()
        .auth()
        .oauth2(reader)
        .get("/v1/certificates/" + issued.getString("serial_number"))
        .then()
        .statusCode(200)
        .body("certificate_pem", equalTo(issued.getString("certificate_pem")))
        .body("revoked_at", nullValue());
    given().auth().oauth2(reader).get("/v1/certificates/abc123").then().statusCode(404);
    given().auth().oauth2(reader).get("/v1/certificates/XYZ").then().statusCode(400);
  }

  @Test
  void aRevokedCertificateIsInTheCrlItsCertificateNames() throws Exception {
    JsonPath issued = issue("svc-" + UUID.randomUUID());
    String serial = issued.getString("serial_number");
    X509Certificate leaf = certificate(issued.getString("certificate_pem"));
    X509Certificate ca = certificate(issued.getString("ca_certificate_pem"));
    String crlUrl = crlUrl(leaf);
    assertTrue(crlUrl.endsWith("/v1/crl/client.crl"), crlUrl);

    String admin = tokens.bearer("admin-" + UUID.randomUUID(), ServerPolicyResource.SCOPE_ADMIN);
    revoke(tokens.bearer("reader", ServerPolicyResource.SCOPE_READ), serial, "key_compromise")
        .statusCode(403);
    revoke(admin, serial, "because").statusCode(400).contentType("application/problem+json");
    revoke(admin, serial, "key_compromise")
        .statusCode(200)
        .body("status", equalTo("revoked"))
        .body("revoke_reason", equalTo("key_compromise"));
    revoke(admin, serial, "superseded").statusCode(409).contentType("application/problem+json");
    revoke(admin, "abcdef0123", "superseded").statusCode(404);

    byte[] der =
        given()
            .get("/v1/crl/client.crl")
            .then()
            .statusCode(200)
            .contentType("application/pkix-crl")
            .extract()
            .asByteArray();
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    crl.verify(ca.getPublicKey());
    assertEquals(ca.getSubjectX500Principal(), crl.getIssuerX500Principal());
    X509CRLEntry entry = crl.getRevokedCertificate(leaf.getSerialNumber());
    assertNotNull(entry, "the revoked serial is listed");
    assertEquals("KEY_COMPROMISE", entry.getRevocationReason().name());
    assertTrue(crl.getNextUpdate().after(crl.getThisUpdate()));

    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE event_type = 'certificate.revoked'"
                    + " AND payload::text LIKE ?")) {
      q.setString(1, "%" + serial + "%");
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1), "one audit event for one revocation");
      }
    }
    given().get("/v1/crl/server.crl").then().statusCode(200);
    given()
        .get("/v1/crl/other.crl")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", endsWith("/not-found"));
  }

  private static io.restassured.response.ValidatableResponse revoke(
      String bearer, String serial, String reason) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(Map.of("reason", reason))
        .post("/v1/certificates/" + serial + "/revoke")
        .then();
  }

  private static JsonPath list(String bearer, String query) {
    return given()
        .auth()
        .oauth2(bearer)
        .get("/v1/certificates?" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private JsonPath issue(String subject) throws Exception {
    return given()
        .auth()
        .oauth2(tokens.bearer(subject, SignResource.SCOPE_CLIENT))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr()))
        .post("/v1/certificates/sign")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static String crlUrl(X509Certificate leaf) {
    byte[] ext = leaf.getExtensionValue(Extension.cRLDistributionPoints.getId());
    CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    GeneralNames names =
        GeneralNames.getInstance(
            points.getDistributionPoints()[0].getDistributionPoint().getName());
    GeneralName uri = names.getNames()[0];
    assertEquals(GeneralName.uniformResourceIdentifier, uri.getTagNo());
    return uri.getName().toString();
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String csr() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
    return out.toString();
  }
}
