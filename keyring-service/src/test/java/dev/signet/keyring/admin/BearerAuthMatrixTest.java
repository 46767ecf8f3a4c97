package dev.signet.keyring.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** The 401/403 matrix of the common bearer authentication, on the key ring's admin API. */
@QuarkusTest
class BearerAuthMatrixTest {

  @Inject TestTokens tokens;
  @Inject Clock clock;

  @Test
  void noTokenIs401WithBearerChallengeAndProblemJson() {
    given()
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"signet\""))
        .contentType("application/problem+json")
        .body("status", equalTo(401));
  }

  @Test
  void otherAuthSchemeIsTreatedAsNoToken() {
    given()
        .header("Authorization", "Basic YTpi")
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void garbageTokenIs401InvalidToken() {
    rejected("not.a.jwt", "malformed");
  }

  @Test
  void expiredTokenIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    long past = clock.millis() - 3_600_000L;
    claims.setIssuedAt(NumericDate.fromMilliseconds(past));
    claims.setNotBefore(NumericDate.fromMilliseconds(past));
    claims.setExpirationTime(NumericDate.fromMilliseconds(past + 60_000L));
    rejected(tokens.sign(claims), "expired");
  }

  @Test
  void futureDatedTokenIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    long future = clock.millis() + 600_000L;
    claims.setIssuedAt(NumericDate.fromMilliseconds(future));
    claims.setNotBefore(NumericDate.fromMilliseconds(future));
    claims.setExpirationTime(NumericDate.fromMilliseconds(future + 600_000L));
    rejected(tokens.sign(claims), "not_yet_valid");
  }

  @Test
  void wrongIssuerIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    claims.setIssuer("https://evil.example");
    rejected(tokens.sign(claims), "wrong_issuer");
  }

  @Test
  void algNoneIs401() {
    String kid = tokens.ensureActiveKey();
    String header = b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}");
    String payload = b64(tokens.claims("alice", KeysAdminResource.SCOPE).toJson());
    rejected(header + "." + payload + ".", "unsupported_alg");
  }

  @Test
  void hmacSignedWithThePublicKeyIs401() throws Exception {
    String kid = tokens.ensureActiveKey();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(tokens.claims("alice", KeysAdminResource.SCOPE).toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    jws.setKeyIdHeaderValue(kid);
    jws.setKey(
        new HmacKey(("a-public-key-used-as-an-hmac-secret!!").getBytes(StandardCharsets.UTF_8)));
    rejected(jws.getCompactSerialization(), "unsupported_alg");
  }

  @Test
  void tamperedPayloadIs401() {
    String token = tokens.bearer("alice", "signet:keys:read");
    String[] parts = token.split("\\.");
    String forged = b64(tokens.claims("alice", KeysAdminResource.SCOPE).toJson());
    rejected(parts[0] + "." + forged + "." + parts[2], "bad_signature");
  }

  @Test
  void unknownKidIs401() {
    String token = tokens.bearer("alice", KeysAdminResource.SCOPE);
    String[] parts = token.split("\\.");
    String header = b64("{\"alg\":\"RS256\",\"kid\":\"no-such-kid\",\"typ\":\"at+jwt\"}");
    rejected(header + "." + parts[1] + "." + parts[2], "unknown_kid");
  }

  @Test
  void tokenForAnotherAudienceIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    claims.setAudience("https://deploy.example.com");
    rejected(tokens.sign(claims), "wrong_audience");
  }

  @Test
  void tokenForAnotherSignetServiceIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    claims.setAudience("urn:signet:admin");
    rejected(tokens.sign(claims), "wrong_audience");
  }

  @Test
  void tokenWithoutAudienceIs401() {
    JwtClaims claims = tokens.claims("alice", KeysAdminResource.SCOPE);
    claims.unsetClaim("aud");
    rejected(tokens.sign(claims), "wrong_audience");
  }

  @Test
  void tokenThatIsNotAnAccessTokenIs401() {
    String token = tokens.bearer("alice", KeysAdminResource.SCOPE);
    String[] parts = token.split("\\.");
    String header =
        new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
            .replace("at+jwt", "JWT");
    // The signature no longer matches either, but the type is checked first.
    rejected(b64(header) + "." + parts[1] + "." + parts[2], "wrong_type");
  }

  @Test
  void validTokenWithoutTheScopeIs403ProblemJson() {
    given()
        .auth()
        .oauth2(tokens.bearer("alice", "signet:keys:read"))
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403));
  }

  @Test
  void internalScopeDoesNotOpenAdminCalls() {
    given()
        .auth()
        .oauth2(tokens.bearer("token-service", "signet:internal"))
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(403);
  }

  @Test
  void validTokenWithTheScopeIsAdmitted() {
    given()
        .auth()
        .oauth2(tokens.bearer("alice", KeysAdminResource.SCOPE))
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(200)
        .body(not(containsString("private")))
        .body(not(containsString("ciphertext")));
  }

  @Test
  void signetAdminImpliesTheKeysAdminScope() {
    given()
        .auth()
        .oauth2(tokens.bearer("root", "signet:admin"))
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(200);
  }

  private static void rejected(String token, String reason) {
    given()
        .header("Authorization", "Bearer " + token)
        .when()
        .get("/v1/keys")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
        .header("WWW-Authenticate", containsString(reason))
        .body("status", equalTo(401));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
