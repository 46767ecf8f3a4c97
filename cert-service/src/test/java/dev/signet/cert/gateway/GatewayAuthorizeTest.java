package dev.signet.cert.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.cert.issue.SignResource;
import dev.signet.cert.server.ServerPolicyResource;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** The Envoy ext_authz endpoint (enabled in the test profile) with XFCC-forwarded certificates. */
@QuarkusTest
class GatewayAuthorizeTest {

  @Inject TestTokens tokens;

  @Test
  void ourUnrevokedCertificateIsAllowedOnAnyMethodAndPath() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    String pem = issue(subject).getString("certificate_pem");
    given()
        .header("x-forwarded-client-cert", xfcc(pem))
        .post("/v1/gateway/authorize")
        .then()
        .statusCode(200)
        .header(
            "x-signet-spiffe-id", equalTo("spiffe://signet.internal/service_account/" + subject));
    given()
        .header("x-forwarded-client-cert", "By=spiffe://proxy;Hash=ab," + xfcc(pem))
        .get("/v1/gateway/authorize/api/orders?x=1")
        .then()
        .statusCode(200);
  }

  @Test
  void aRevokedCertificateIsRefused() throws Exception {
    JsonPath issued = issue("svc-" + UUID.randomUUID());
    given()
        .auth()
        .oauth2(tokens.bearer("admin", ServerPolicyResource.SCOPE_ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "key_compromise"))
        .post("/v1/certificates/" + issued.getString("serial_number") + "/revoke")
        .then()
        .statusCode(200);
    assertRefused(xfcc(issued.getString("certificate_pem")));
  }

  @Test
  void anExpiredRecordIsRefused() throws Exception {
    JsonPath issued = issue("svc-" + UUID.randomUUID());
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "UPDATE certificates SET not_after = now() - interval '1 minute'"
                    + " WHERE serial_number = ?")) {
      q.setString(1, issued.getString("serial_number"));
      q.executeUpdate();
    }
    assertRefused(xfcc(issued.getString("certificate_pem")));
  }

  @Test
  void certificatesNotOursOrMissingOrGarbageAreRefused() throws Exception {
    assertRefused(null);
    assertRefused("");
    assertRefused("Hash=abc;URI=spiffe://signet.internal/x");
    assertRefused("Cert=\"%ZZ\"");
    assertRefused("Cert=\"" + "A".repeat(17_000) + "\"");
    // Beyond the server's header limit: the HTTP layer's 431, still not a 500.
    given()
        .header("x-forwarded-client-cert", "Cert=\"" + "A".repeat(40_000) + "\"")
        .post("/v1/gateway/authorize")
        .then()
        .statusCode(431);
    assertRefused(xfcc("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    // A look-alike signed by someone else, with the serial of a real one: not ours.
    JsonPath issued = issue("svc-" + UUID.randomUUID());
    assertRefused(
        xfcc(
            selfSigned(
                new BigInteger(issued.getString("serial_number"), 16),
                issued.getString("spiffe_id"))));
    assertRefused(xfcc(selfSigned(BigInteger.TEN, "spiffe://elsewhere/x")));
  }

  private static void assertRefused(String header) {
    var request = given();
    if (header != null) {
      request = request.header("x-forwarded-client-cert", header);
    }
    request
        .post("/v1/gateway/authorize")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", endsWith("/client-certificate-refused"));
  }

  private static String xfcc(String pem) {
    return "Hash=0f;Cert=\""
        + URLEncoder.encode(pem, StandardCharsets.UTF_8)
        + "\";URI=spiffe://signet.internal/x";
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

  private static String selfSigned(BigInteger serial, String uri) throws Exception {
    KeyPair pair = pair();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
                new X500Name("CN=mallory"),
                serial,
                Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)),
                new X500Name("CN=mallory"),
                pair.getPublic())
            .addExtension(
                Extension.subjectAlternativeName,
                true,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
    return pem(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  private static KeyPair pair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(Object o) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    }
    return out.toString();
  }

  private static String csr() throws Exception {
    KeyPair pair = pair();
    return pem(
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }
}
