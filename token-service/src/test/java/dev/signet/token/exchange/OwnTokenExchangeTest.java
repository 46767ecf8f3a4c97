package dev.signet.token.exchange;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 8693 token exchange with one of our own access tokens as the subject token. */
@QuarkusTest
class OwnTokenExchangeTest {

  private static final String ACCESS = TokenExchangeGrant.ACCESS_TOKEN_TYPE;

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static Response exchange(Fixtures.Account account, String subject, String... pairs) {
    var spec =
        given()
            .auth()
            .preemptive()
            .basic(account.clientId, account.secret)
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", subject)
            .formParam("subject_token_type", ACCESS);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      spec = spec.formParam(pairs[i], pairs[i + 1]);
    }
    return spec.when().post("/oauth2/token");
  }

  private static JwtClaims unverified(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  private static String tokenOf(Fixtures.Account account) {
    return account.token().then().statusCode(200).extract().path("access_token");
  }

  private static List<String> refusals(Fixtures.Account account) {
    return Fixtures.column(
        "SELECT "
            + Fixtures.EVENT
            + "->'attributes'->>'error' FROM outbox"
            + " WHERE event_type = 'token.request_refused' AND "
            + Fixtures.EVENT
            + "->>'actor' = ? AND "
            + Fixtures.EVENT
            + "->'attributes'->>'grant' = ?",
        account.clientId,
        TokenExchangeGrant.GRANT);
  }

  @Test
  void ownAccessTokenIsExchangedForANarrowerOneThatNamesItsType() throws Exception {
    var account =
        Fixtures.account()
            .scopes("orders:read", "orders:write")
            .audiences("https://orders.example", "https://billing.example")
            .create();
    String subject = tokenOf(account);
    String jwt =
        exchange(
                account,
                subject,
                "scope",
                "orders:read",
                "audience",
                "https://orders.example",
                "requested_token_type",
                ACCESS)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("issued_token_type", equalTo(ACCESS))
            .body("token_type", equalTo("Bearer"))
            .body("scope", equalTo("orders:read"))
            .body("refresh_token", nullValue())
            .extract()
            .path("access_token");
    JwtClaims claims =
        Fixtures.verifyWithPublishedKeys(jwt, "http://127.0.0.1:8081", "https://orders.example");
    assertEquals(account.clientId, claims.getSubject());
    assertEquals(List.of("https://orders.example"), claims.getAudience());
    assertEquals("orders:read", claims.getClaimValueAsString("scope"));
    assertEquals(
        SignetClaims.PRINCIPAL_SERVICE_ACCOUNT,
        claims.getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE));
    assertTrue(
        claims.getExpirationTime().getValue()
            <= unverified(subject).getExpirationTime().getValue());
  }

  @Test
  void clientCredentialsTokensNameTheServiceAccountPrincipal() throws Exception {
    var account = Fixtures.account().create();
    assertEquals(
        SignetClaims.PRINCIPAL_SERVICE_ACCOUNT,
        unverified(tokenOf(account)).getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE));
  }

  @Test
  void exchangedTokenNeverOutlivesTheSubjectToken() throws Exception {
    var account = Fixtures.account().scopes("orders:read").create();
    JwtClaims soon = tokens.claims(account.clientId, "orders:read");
    soon.setClaim("client_id", account.clientId);
    soon.setAudience("http://127.0.0.1:8081");
    long subjectExp = soon.getIssuedAt().getValue() + 60;
    soon.setExpirationTime(NumericDate.fromSeconds(subjectExp));
    String jwt =
        exchange(account, tokens.sign(soon))
            .then()
            .statusCode(200)
            .body("expires_in", lessThanOrEqualTo(60))
            .extract()
            .path("access_token");
    assertTrue(unverified(jwt).getExpirationTime().getValue() <= subjectExp);
  }

  @Test
  void scopeTheSubjectTokenLacksIsRefused() {
    var account = Fixtures.account().scopes("orders:read", "orders:write").create();
    String narrow =
        account.token("scope", "orders:read").then().statusCode(200).extract().path("access_token");
    exchange(account, narrow, "scope", "orders:write")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    assertEquals(List.of("invalid_scope"), refusals(account));
  }

  @Test
  void audienceTheSubjectTokenLacksIsRefused() {
    var account =
        Fixtures.account().audiences("https://orders.example", "https://billing.example").create();
    String narrow =
        account
            .token("resource", "https://orders.example")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    exchange(account, narrow, "resource", "https://billing.example")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void anotherClientsTokenIsNotThisClientsToTrade() {
    var owner = Fixtures.account().create();
    var other = Fixtures.account().create();
    exchange(other, tokenOf(owner))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("not issued to this client"));
    assertEquals(List.of("invalid_grant"), refusals(other));
  }

  @Test
  void revokedSubjectTokenIsAnInvalidGrant() {
    var account = Fixtures.account().create();
    String subject = tokenOf(account);
    account.revoke(subject).then().statusCode(200);
    exchange(account, subject).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void expiredTamperedOrForeignSubjectTokensAreInvalidGrants() throws Exception {
    var account = Fixtures.account().create();
    JwtClaims expired = tokens.claims(account.clientId);
    expired.setClaim("client_id", account.clientId);
    expired.setAudience("http://127.0.0.1:8081");
    expired.setIssuedAt(NumericDate.fromSeconds(expired.getIssuedAt().getValue() - 3600));
    expired.setNotBefore(NumericDate.fromSeconds(expired.getIssuedAt().getValue()));
    expired.setExpirationTime(NumericDate.fromSeconds(expired.getIssuedAt().getValue() + 600));
    String good = tokenOf(account);
    String tampered = good.substring(0, good.length() - 4) + "AAAA";
    for (String subject :
        List.of(
            tokens.sign(expired),
            tampered,
            "not-a-token",
            "a.b.c",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")) {
      exchange(account, subject).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }
    // Longer than any form value the token endpoint reads: refused before it is parsed.
    exchange(account, "x".repeat(9000))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void unsupportedTypesAndActorTokensAreInvalidRequests() {
    var account = Fixtures.account().create();
    String subject = tokenOf(account);
    exchange(account, subject, "requested_token_type", "urn:ietf:params:oauth:token-type:id_token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", containsString("requested_token_type"));
    exchange(account, subject, "actor_token", subject)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", subject)
        .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:saml2\u0000")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token_type", ACCESS)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void exchangeNeedsAnAuthenticatedClientForOwnTokens() {
    var account = Fixtures.account().create();
    given()
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", tokenOf(account))
        .formParam("subject_token_type", ACCESS)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void discoveryAdvertisesTheGrant() {
    given()
        .when()
        .get("/.well-known/oauth-authorization-server")
        .then()
        .statusCode(200)
        .body("grant_types_supported", hasItem(TokenExchangeGrant.GRANT));
  }
}
