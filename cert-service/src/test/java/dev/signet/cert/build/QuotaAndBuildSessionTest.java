package dev.signet.cert.build;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cert.issue.SignResource;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** Hourly issuance quota shared through the database, and CI build sessions, over HTTP. */
@QuarkusTest
class QuotaAndBuildSessionTest {

  @Inject TestTokens tokens;

  @Test
  void eachIssuanceTakesOneUnitOfTheSharedHourlyCount() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), body(null)).statusCode(200);
    sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), body(null)).statusCode(200);
    assertEquals(2, issuedThisHour(subject));
  }

  @Test
  void anExhaustedQuotaIs429WithRetryAfterAndNothingIsIssued() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    // Another replica used up the hour: the count lives in the table, not in this JVM.
    exhaust(subject);
    String retry =
        sign(tokens.bearer(subject, SignResource.SCOPE_CLIENT), body(null))
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", endsWith("/quota-exceeded"))
            .extract()
            .header("Retry-After");
    long seconds = Long.parseLong(retry);
    assertTrue(seconds >= 1 && seconds <= 3600, retry);
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT count(*) FROM certificates WHERE requested_by = ?")) {
      q.setString(1, subject);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void aCiJobOpensSessionsUpToTheLimitAndItsCertificatesNameThem() throws Exception {
    String job = "job-" + UUID.randomUUID();
    String bearer = ciToken(job, 1800);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          open(bearer, Map.of("run_id", "run-" + i))
              .statusCode(201)
              .body("repository", equalTo("org/app"))
              .body("owner", equalTo(job))
              .body("status", equalTo("open"))
              .extract()
              .path("id"));
    }
    open(bearer, Map.of())
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", endsWith("/too-many-build-sessions"));
    given().auth().oauth2(bearer).delete("/v1/build/sessions/" + ids.get(0)).then().statusCode(204);
    given().auth().oauth2(bearer).delete("/v1/build/sessions/" + ids.get(0)).then().statusCode(404);
    String short_ = open(bearer, Map.of("ttl_seconds", 120)).statusCode(201).extract().path("id");

    JsonPath cert =
        sign(bearer, body(short_))
            .statusCode(200)
            .body("build_session_id", equalTo(short_))
            .body("ttl_clamped_by", containsString("build session"))
            .extract()
            .jsonPath();
    assertTrue(cert.getLong("ttl_seconds") <= 120);
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT build_session_id::text FROM certificates WHERE serial_number = ?")) {
      q.setString(1, cert.getString("serial_number"));
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(short_, rs.getString(1));
      }
    }
    sign(bearer, body(ids.get(0))).statusCode(409);
    given()
        .auth()
        .oauth2(bearer)
        .get("/v1/build/sessions/" + short_)
        .then()
        .statusCode(200)
        .body("id", equalTo(short_));
  }

  @Test
  void sessionsBelongToTheirJobAndOnlyCiJobsOpenThem() throws Exception {
    String mine = ciToken("job-" + UUID.randomUUID(), 1800);
    String id = open(mine, Map.of()).statusCode(201).extract().path("id");
    String other = ciToken("job-" + UUID.randomUUID(), 1800);
    sign(other, body(id)).statusCode(404);
    given().auth().oauth2(other).get("/v1/build/sessions/" + id).then().statusCode(404);
    given().auth().oauth2(other).delete("/v1/build/sessions/" + id).then().statusCode(404);
    String service = tokens.bearer("svc-" + UUID.randomUUID(), SignResource.SCOPE_CLIENT);
    open(service, Map.of("repository", "org/app")).statusCode(403);
    sign(service, body(id)).statusCode(403);
    open(mine, Map.of("repository", "org/other")).statusCode(403);
    open(mine, Map.of("run_id", "x\u0000y")).statusCode(400);
    open(mine, Map.of("ttl_seconds", -1)).statusCode(400);
    sign(mine, body("not-a-uuid")).statusCode(400);
    given().auth().oauth2(mine).get("/v1/build/sessions/zzz").then().statusCode(400);
  }

  @Test
  void aSessionNeverOutlivesTheJobToken() throws Exception {
    String bearer = ciToken("job-" + UUID.randomUUID(), 300);
    Instant expires =
        Instant.parse(open(bearer, Map.of()).statusCode(201).extract().<String>path("expires_at"));
    assertTrue(expires.isBefore(Instant.now().plusSeconds(301)), expires.toString());
  }

  private String ciToken(String subject, long lifetimeSeconds) throws Exception {
    JwtClaims claims = tokens.claims(subject, SignResource.SCOPE_CLIENT);
    claims.setClaim("principal_type", "ci_job");
    claims.setClaim("prov", Map.of("repository", "org/app", "run_id", "42"));
    claims.setExpirationTime(
        NumericDate.fromSeconds(claims.getIssuedAt().getValue() + lifetimeSeconds));
    return tokens.sign(claims);
  }

  private static ValidatableResponse open(String bearer, Object body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/build/sessions")
        .then();
  }

  private static ValidatableResponse sign(String bearer, Object body) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/certificates/sign")
        .then();
  }

  private static Map<String, Object> body(String session) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("csr", csr());
    if (session != null) {
      body.put("build_session_id", session);
    }
    return body;
  }

  private static void exhaust(String subject) throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO issuance_quota (subject, window_start, issued) VALUES (?, ?, 1000)")) {
      for (Instant window : List.of(hour, hour.plus(1, ChronoUnit.HOURS))) {
        q.setString(1, subject);
        q.setTimestamp(2, Timestamp.from(window));
        q.executeUpdate();
      }
    }
  }

  private static int issuedThisHour(String subject) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT sum(issued) FROM issuance_quota WHERE subject = ?")) {
      q.setString(1, subject);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
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
