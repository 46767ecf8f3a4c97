package dev.signet.cert.pca;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cert.issue.SignResource;
import dev.signet.cert.server.ServerCertificateResource;
import dev.signet.cert.server.ServerPolicyResource;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints with {@code signet.cert.issuer=AWS_PCA}: the real AcmPcaClient against the local
 * PCA ({@link PcaTestResource}), which answers RequestInProgress twice per certificate before it
 * hands it out. The same profile turns ext_authz off, so its absence is tested here too.
 */
@QuarkusTest
@TestProfile(PcaIssuanceTest.AwsPcaProfile.class)
class PcaIssuanceTest {

  /** AWS_PCA against the local PCA, ext_authz off. */
  public static class AwsPcaProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("signet.cert.ext-authz.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(PcaTestResource.class));
    }
  }

  @Inject TestTokens tokens;
  @Inject MeterRegistry registry;

  private PcaTestServer pca;

  @BeforeEach
  void reset() {
    pca = PcaTestResource.server;
    pca.inProgressPolls = 2;
  }

  @AfterEach
  void calm() {
    pca.throttleNext.set(0);
    pca.failNext.set(0);
    pca.delay = Duration.ZERO;
  }

  @Test
  void aCiJobGetsItsClientCertificateFromTheClientCaWithTheRecordAndAuditNamingIt()
      throws Exception {
    String subject = "job-" + UUID.randomUUID();
    JwtClaims claims = tokens.claims(subject, SignResource.SCOPE_CLIENT);
    claims.setClaim("principal_type", "ci_job");
    claims.setClaim("prov", Map.of("repository", "org/app", "run_id", "77"));
    int polls = pca.getCertificateCalls.get();
    int issues = pca.issueRequests.size();

    JsonPath body =
        sign(tokens.sign(claims), "p256.csr", 3600).statusCode(200).extract().jsonPath();

    String spiffe = "spiffe://signet.internal/ci_job/" + subject;
    assertEquals(spiffe, body.getString("spiffe_id"));
    X509Certificate leaf = certificate(body.getString("certificate_pem"));
    leaf.verify(pca.caCertificate.getPublicKey());
    assertEquals(pca.caCertificate, certificate(body.getString("ca_certificate_pem")));
    assertEquals(List.of(List.of(6, spiffe)), List.copyOf(leaf.getSubjectAlternativeNames()));
    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=" + subject));
    assertFalse(leaf.getSubjectX500Principal().getName().contains("ignored"), "not the CSR's");
    assertTrue(pca.getCertificateCalls.get() - polls >= 3, "two in-progress answers, then it");

    JsonNode request = pca.issueRequests.get(issues);
    assertEquals(PcaTestResource.CLIENT_CA, request.path("CertificateAuthorityArn").asText());
    assertEquals(PcaTestResource.CLIENT_TEMPLATE, request.path("TemplateArn").asText());
    assertEquals(36, request.path("IdempotencyToken").asText().length());
    assertEquals(
        leaf.getNotAfter().toInstant().getEpochSecond(),
        request.path("Validity").path("Value").asLong());

    String serial = body.getString("serial_number");
    assertEquals(leaf.getSerialNumber().toString(16), serial);
    assertRecord(serial, PcaTestResource.CLIENT_CA, PcaTestResource.CLIENT_TEMPLATE, "client");
    String audit = outbox("certificate.issued", serial).replace(" ", "");
    assertTrue(audit.contains("\"ca_arn\":\"" + PcaTestResource.CLIENT_CA + "\""), audit);
    assertTrue(audit.contains("\"template_arn\":\"" + PcaTestResource.CLIENT_TEMPLATE), audit);
    assertTrue(audit.contains("\"issuer\":\"AWS_PCA\""), audit);
    assertTrue(audit.contains("org/app"), "provenance: " + audit);
    assertTrue(audit.contains(spiffe) && audit.contains("ttl_seconds"), audit);
    assertFalse(audit.contains("BEGIN"), "no PEM in audit");

    given()
        .auth()
        .oauth2(tokens.bearer("reader", ServerPolicyResource.SCOPE_READ))
        .get("/v1/certificates?issuer=AWS_PCA&requested_by=" + subject)
        .then()
        .statusCode(200)
        .body("items[0].serial_number", equalTo(serial))
        .body("items[0].ca_arn", equalTo(PcaTestResource.CLIENT_CA))
        .body("items[0].template_arn", equalTo(PcaTestResource.CLIENT_TEMPLATE));
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("pca_issue_latency_seconds_bucket{kind=\"client\""), "histogram");
  }

  @Test
  void aServerCertificateComesFromTheServerCaWithTheServerTemplate() throws Exception {
    String account = allow(List.of("api.a.example", "*.svc.cluster.local"), List.of("10.1.0.0/16"));
    int issues = pca.issueRequests.size();
    JsonPath body = serverIssue(account, "server-p256.csr").statusCode(200).extract().jsonPath();

    X509Certificate leaf = certificate(body.getString("certificate_pem"));
    leaf.verify(pca.caCertificate.getPublicKey());
    assertEquals(
        List.of(
            List.of(2, "api.a.example"), List.of(2, "x.svc.cluster.local"), List.of(7, "10.1.2.3")),
        List.copyOf(leaf.getSubjectAlternativeNames()));
    assertEquals(6 * 24 * 3600, body.getLong("ttl_seconds"), "the clamp, exactly as granted");
    JsonNode request = pca.issueRequests.get(issues);
    assertEquals(PcaTestResource.SERVER_CA, request.path("CertificateAuthorityArn").asText());
    assertEquals(PcaTestResource.SERVER_TEMPLATE, request.path("TemplateArn").asText());
    String serial = body.getString("serial_number");
    assertRecord(serial, PcaTestResource.SERVER_CA, PcaTestResource.SERVER_TEMPLATE, "server");
    String audit = outbox("certificate.issued", serial);
    assertTrue(audit.contains(PcaTestResource.SERVER_CA) && audit.contains("x.svc.cluster.local"));
  }

  @Test
  void anRsaCsrIsSignedToo() throws Exception {
    sign(tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT), "rsa2048.csr", 600)
        .statusCode(200)
        .body("ttl_seconds", equalTo(600));
  }

  @Test
  void namesThePolicyRefusesNeverReachPca() throws Exception {
    String account = allow(List.of("api.a.example"), List.of());
    int issues = pca.issueRequests.size();
    serverIssue(account, "server-outside.csr")
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", endsWith("/csr-san-not-allowed"));
    sign(
            tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT),
            "p256-dns-san.csr",
            600)
        .statusCode(400)
        .body("type", endsWith("/csr-client-san"));
    assertEquals(issues, pca.issueRequests.size(), "PCA was not asked");
  }

  @Test
  void throttlingIsRetriedAndTheCallerNeverSeesIt() throws Exception {
    int throttled = pca.throttled.get();
    pca.throttleNext.set(2);
    sign(tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT), "p256.csr", 600)
        .statusCode(200);
    assertEquals(2, pca.throttled.get() - throttled);
  }

  @Test
  void aPcaFailureIsA502ProblemCountedAndLeavesNoRecord() throws Exception {
    double before = errors("certificate-authority-failed");
    String subject = "svc-" + UUID.randomUUID();
    pca.failNext.set(1);
    sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), "p256.csr", 600)
        .statusCode(502)
        .contentType("application/problem+json")
        .body("type", endsWith("/certificate-authority-failed"))
        .body("detail", equalTo("AWS Private CA refused or failed the request"));
    assertEquals(before + 1, errors("certificate-authority-failed"));
    assertEquals(0, count("SELECT count(*) FROM certificates WHERE requested_by = ?", subject));
  }

  @Test
  void aPcaSlowerThanTheApiTimeoutIsA502() throws Exception {
    double before = errors("certificate-authority-failed");
    pca.delay = Duration.ofSeconds(4); // the profile's api-timeout is 3 s
    sign(tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT), "p256.csr", 600)
        .statusCode(502)
        .body("type", endsWith("/certificate-authority-failed"));
    assertEquals(before + 1, errors("certificate-authority-failed"));
  }

  @Test
  void revocationGoesThroughPcaAndAFailedOneChangesNothing() throws Exception {
    String serial =
        sign(tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT), "p256.csr", 600)
            .statusCode(200)
            .extract()
            .path("serial_number");
    String admin = tokens.bearer("admin-" + UUID.randomUUID(), ServerPolicyResource.SCOPE_ADMIN);

    pca.failNext.set(1);
    revoke(admin, serial).statusCode(502).body("type", endsWith("/certificate-authority-failed"));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM certificates WHERE serial_number = ? AND status = 'issued'",
            serial));

    revoke(admin, serial).statusCode(200).body("status", equalTo("revoked"));
    assertTrue(
        pca.revocations.contains(
            PcaTestResource.CLIENT_CA + " " + PcaIssuer.colonHex(serial) + " KEY_COMPROMISE"),
        pca.revocations.toString());
    revoke(admin, serial).statusCode(409);
    String audit = outbox("certificate.revoked", serial);
    assertTrue(audit.contains(PcaTestResource.CLIENT_CA) && audit.contains("key_compromise"));
  }

  @Test
  void extAuthzOffMeansTheGatewayRouteDoesNotExist() {
    given()
        .header("x-forwarded-client-cert", "Cert=\"x\"")
        .post("/v1/gateway/authorize")
        .then()
        .statusCode(404);
    given().get("/v1/gateway/authorize/api/orders").then().statusCode(404);
  }

  private double errors(String reason) {
    Counter counter = registry.find("cert_issue_errors_total").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static ValidatableResponse revoke(String admin, String serial) {
    return given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "key_compromise"))
        .post("/v1/certificates/" + serial + "/revoke")
        .then();
  }

  private static ValidatableResponse sign(String bearer, String fixture, int ttl) throws Exception {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(Map.of("csr", fixture(fixture), "ttl_seconds", ttl))
        .post("/v1/certificates/sign")
        .then();
  }

  private ValidatableResponse serverIssue(String account, String fixture) throws Exception {
    return given()
        .auth()
        .oauth2(tokens.bearer(account, ServerCertificateResource.SCOPE_SERVER))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", fixture(fixture)))
        .post("/v1/server-certificates")
        .then();
  }

  private String allow(List<String> patterns, List<String> cidrs) {
    String account = "svc-" + UUID.randomUUID();
    given()
        .auth()
        .oauth2(tokens.bearer("admin-" + UUID.randomUUID(), ServerPolicyResource.SCOPE_ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("dns_patterns", patterns, "ip_cidrs", cidrs, "allow_wildcards", false))
        .put("/v1/server-certificate-policies/" + account)
        .then()
        .statusCode(201);
    return account;
  }

  private static void assertRecord(String serial, String caArn, String template, String kind)
      throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT issuer_kind, ca_arn, template_arn, certificate_arn, kind FROM certificates"
                    + " WHERE serial_number = ?")) {
      q.setString(1, serial);
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next(), "a certificates row");
        assertEquals("AWS_PCA", rs.getString(1));
        assertEquals(caArn, rs.getString(2));
        assertEquals(template, rs.getString(3));
        assertTrue(rs.getString(4).startsWith(caArn + "/certificate/"), rs.getString(4));
        assertEquals(kind, rs.getString(5));
      }
    }
  }

  private static String outbox(String type, String needle) throws Exception {
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

  private static int count(String sql, String arg) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, arg);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static String fixture(String name) throws Exception {
    try (InputStream in = PcaIssuanceTest.class.getResourceAsStream("/csr/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
