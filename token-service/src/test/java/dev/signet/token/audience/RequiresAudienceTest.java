package dev.signet.token.audience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.exchange.TokenExchangeGrant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @RequiresAudience("jobs.abort")} over real HTTP with real keys and tokens minted by
 * token-service (issue 14, point 6): only a token for that audience opens the endpoint, that token
 * opens nothing else, and every broken token is refused with 401 {@code invalid_token}.
 */
@QuarkusTest
class RequiresAudienceTest {

  private static final String ABORT = "/test/jobs/42/abort";
  private static final String OTHER = "jobs.other";

  @Inject TestTokens tokens;
  @Inject ActiveKeySigner signer;

  Fixtures.Account account;

  @BeforeEach
  void setUp() {
    tokens.ensureActiveKey();
    register(JobAbortTestResource.AUDIENCE);
    register(OTHER);
    register(JobAbortTestResource.ONCE, true);
    account = Fixtures.account().scopes("jobs:abort", "jobs:read").create();
  }

  private void register(String audience) {
    register(audience, false);
  }

  private void register(String audience, boolean singleUse) {
    int status =
        given()
            .auth()
            .oauth2(tokens.bearer(Fixtures.activeAccount("aud-admin"), "signet:tokens:admin"))
            .contentType("application/json")
            .body(Map.of("audience", audience, "max_ttl_seconds", 300, "single_use", singleUse))
            .when()
            .post("/v1/audiences")
            .statusCode();
    if (status != 201 && status != 409) {
      throw new IllegalStateException("cannot register " + audience + ": " + status);
    }
  }

  private String general() {
    return account.token().then().statusCode(200).extract().path("access_token");
  }

  private String audienceToken(String audience, String scope) {
    return given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", general())
        .formParam("subject_token_type", TokenExchangeGrant.ACCESS_TOKEN_TYPE)
        .formParam("audience", audience)
        .formParam("scope", scope)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private static Response abort(String token) {
    return given().header("Authorization", "Bearer " + token).when().post(ABORT);
  }

  private static ValidatableResponse refused(Response response, String reason) {
    return response
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .header("WWW-Authenticate", containsString(reason))
        .body("status", equalTo(401));
  }

  /** Claims of a token for jobs.abort as token-service would mint it, to break one at a time. */
  private JwtClaims abortClaims() {
    JwtClaims claims = tokens.claims(account.clientId, "jobs:abort");
    claims.setAudience(List.of(JobAbortTestResource.AUDIENCE));
    return claims;
  }

  @Test
  void anAudienceTokenForJobsAbortOpensTheAnnotatedEndpoint() {
    String token = audienceToken(JobAbortTestResource.AUDIENCE, "jobs:abort");
    abort(token).then().statusCode(200).body("aborted", equalTo("42"));
    given()
        .header("Authorization", "Bearer " + token)
        .when()
        .get("/test/jobs/abort-status")
        .then()
        .statusCode(200);
  }

  @Test
  void anAudienceTokenOpensNothingElseOfTheService() {
    String token = audienceToken(JobAbortTestResource.AUDIENCE, "jobs:abort");
    refused(
        given().header("Authorization", "Bearer " + token).when().get("/test/jobs"),
        "wrong_audience");
    String reader = audienceToken(JobAbortTestResource.AUDIENCE, "jobs:read");
    refused(
        given().header("Authorization", "Bearer " + reader).when().get("/v1/audiences"),
        "wrong_audience");
  }

  @Test
  void aGeneralTokenOfTheServiceDoesNotOpenTheAnnotatedEndpoint() {
    // A token for every Signet service, this one included: it opens the unannotated endpoint, so
    // it is good, only not meant for this operation.
    String service = tokens.bearer(account.clientId, "jobs:abort");
    given()
        .header("Authorization", "Bearer " + service)
        .when()
        .get("/test/jobs")
        .then()
        .statusCode(200);
    refused(abort(service), "wrong_audience");
    refused(
        given().header("Authorization", "Bearer " + service).when().get("/test/jobs/abort-status"),
        "wrong_audience");
    // The client's own client_credentials token (the subject of the exchange) neither.
    refused(abort(general()), "wrong_audience");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    refused(abort(audienceToken(OTHER, "jobs:abort")), "wrong_audience");
  }

  @Test
  void anAudienceTokenWithoutTheScopeIsForbidden() {
    abort(audienceToken(JobAbortTestResource.AUDIENCE, "jobs:read"))
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void withoutATokenTheAnnotatedEndpointAsksForOne() {
    for (String path : List.of(ABORT, "/test/jobs/abort-status")) {
      var spec = given();
      Response response = path.equals(ABORT) ? spec.post(path) : spec.get(path);
      response
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", equalTo("Bearer realm=\"signet\""));
    }
  }

  @Test
  void badTimesAreRefused() {
    long now = System.currentTimeMillis();
    JwtClaims expired = abortClaims();
    expired.setIssuedAt(NumericDate.fromMilliseconds(now - 3_600_000));
    expired.setNotBefore(NumericDate.fromMilliseconds(now - 3_600_000));
    expired.setExpirationTime(NumericDate.fromMilliseconds(now - 600_000));
    refused(abort(tokens.sign(expired)), "expired");

    JwtClaims notYet = abortClaims();
    notYet.setNotBefore(NumericDate.fromMilliseconds(now + 600_000));
    refused(abort(tokens.sign(notYet)), "not_yet_valid");

    JwtClaims future = abortClaims();
    future.setIssuedAt(NumericDate.fromMilliseconds(now + 600_000));
    refused(abort(tokens.sign(future)), "issued_in_future");

    for (String claim : List.of("iat", "nbf")) {
      JwtClaims huge = abortClaims();
      huge.setClaim(claim, new java.math.BigDecimal("1e300"));
      refused(abort(tokens.sign(huge)), "error_description");
      huge.setClaim(claim, Long.MAX_VALUE);
      refused(abort(tokens.sign(huge)), "error_description");
    }

    JwtClaims noExp = abortClaims();
    noExp.unsetClaim("exp");
    refused(abort(tokens.sign(noExp)), "missing_exp");

    // The same claims with good times pass: the refusals above are the times, nothing else.
    abort(tokens.sign(abortClaims())).then().statusCode(200);
  }

  @Test
  void wrongIssuerAndWrongTypeAreRefused() {
    JwtClaims foreign = abortClaims();
    foreign.setIssuer("https://issuer.example");
    refused(abort(tokens.sign(foreign)), "wrong_issuer");
    refused(abort(signer.sign(abortClaims(), "JWT").await().indefinitely()), "wrong_type");
    refused(abort(signer.sign(abortClaims(), "id+jwt").await().indefinitely()), "wrong_type");
  }

  @Test
  void algNoneHs256WithThePublicKeyAndUnknownKidsAreRefused() throws Exception {
    String kid = tokens.ensureActiveKey();
    String payload = abortClaims().toJson();
    String none =
        b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}")
            + "."
            + b64(payload)
            + ".";
    refused(abort(none), "unsupported_alg");

    JsonWebSignature hs = new JsonWebSignature();
    hs.setPayload(payload);
    hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hs.setKeyIdHeaderValue(kid);
    hs.setHeader("typ", "at+jwt");
    hs.setKey(new HmacKey(publicKeyDer(kid)));
    hs.setDoKeyValidation(false);
    refused(abort(hs.getCompactSerialization()), "unsupported_alg");

    RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
    JsonWebSignature unknown = new JsonWebSignature();
    unknown.setPayload(payload);
    unknown.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    unknown.setKeyIdHeaderValue("unknown-" + UUID.randomUUID());
    unknown.setHeader("typ", "at+jwt");
    unknown.setKey(stranger.getPrivateKey());
    refused(abort(unknown.getCompactSerialization()), "unknown_kid");

    // A stranger's signature under the real kid is a bad signature, not a pass.
    unknown.setKeyIdHeaderValue(kid);
    refused(abort(unknown.getCompactSerialization()), "bad_signature");

    JsonWebSignature noKid = new JsonWebSignature();
    noKid.setPayload(payload);
    noKid.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    noKid.setHeader("typ", "at+jwt");
    noKid.setKey(stranger.getPrivateKey());
    refused(abort(noKid.getCompactSerialization()), "missing_kid");
  }

  @Test
  void aSingleUseAudienceTokenOpensTheEndpointOnce() {
    String token = audienceToken(JobAbortTestResource.ONCE, "jobs:abort");
    String path = "/test/jobs/7/abort-once";
    given().header("Authorization", "Bearer " + token).when().post(path).then().statusCode(200);
    refused(given().header("Authorization", "Bearer " + token).when().post(path), "already_used");
    // The resource server's introspection with consume=true sees the same store.
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("token", token)
        .formParam("consume", "true")
        .when()
        .post("/oauth2/introspect")
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
  }

  @Test
  void aRevokedAudienceTokenIsRefused() {
    String token = audienceToken(JobAbortTestResource.AUDIENCE, "jobs:abort");
    abort(token).then().statusCode(200);
    account.revoke(token).then().statusCode(200);
    refused(abort(token), "revoked");
  }

  @Test
  void hostileTokenValuesAreRefusedWithoutHarm() {
    for (String value :
        List.of(
            "a".repeat(10_000),
            "x".repeat(20_000),
            "eyJhbGciOiJSUzI1NiJ9.\u0436\u0443\u043a.sig",
            "abc.def",
            "....")) {
      abort(value).then().statusCode(401).contentType("application/problem+json");
    }
    JwtClaims mixed = abortClaims();
    mixed.setAudience(List.of("jobs.\u0430bort"));
    refused(abort(tokens.sign(mixed)), "wrong_audience");
  }

  @Test
  void theAudienceMustBeExactNotAPrefixOrAList() throws Exception {
    JwtClaims prefix = abortClaims();
    prefix.setAudience(List.of("jobs.abort.extra", "jobs"));
    refused(abort(tokens.sign(prefix)), "wrong_audience");
    JwtClaims several = abortClaims();
    several.setAudience(List.of(OTHER, JobAbortTestResource.AUDIENCE));
    abort(tokens.sign(several)).then().statusCode(200);
    JwtClaims none = abortClaims();
    none.unsetClaim("aud");
    refused(abort(tokens.sign(none)), "wrong_audience");
    assertEquals(2, List.of(OTHER, JobAbortTestResource.AUDIENCE).size());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] publicKeyDer(String kid) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT public_key_der FROM signing_keys WHERE kid = ?")) {
      s.setString(1, kid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }
}
