package dev.signet.token.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client mistakes on /oauth2/* are 400 OAuth errors, never a 500 (issue 13, item 3 and 11). */
@QuarkusTest
class OAuthBadInputTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static Response rawForm(String path, String body) {
    return given().contentType("application/x-www-form-urlencoded").body(body).when().post(path);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void brokenPercentEncodingInTheFormBodyIsInvalidRequest() {
    rawForm("/oauth2/token", "grant_type=client_credentials&client_id=%zz&client_secret=x")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", containsString("percent-encoding"));
  }

  @Test
  void nulInTheClientIdIsInvalidRequest() {
    rawForm("/oauth2/token", "grant_type=client_credentials&client_id=a%00b&client_secret=x")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", containsString("client_id"));
  }

  @Test
  void nulInABasicClientIdIsRefusedNotA500() {
    String basic = Base64.getEncoder().encodeToString("a%00b:secret".getBytes());
    given()
        .header("Authorization", "Basic " + basic)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"))
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void invalidUtf8InTheFormBodyIsInvalidRequest() {
    rawForm("/oauth2/token", "grant_type=client_credentials&client_id=%C3%28&client_secret=x")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void overlongClientIdIsInvalidRequest() {
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", "a".repeat(300))
        .formParam("client_secret", "x")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", containsString("at most 255"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"})
  void overlongTokenOrScopeIsInvalidRequest(String path) {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "client_credentials")
        .formParam("token", "x".repeat(9000))
        .formParam("scope", "orders:read")
        .post(path)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void controlCharacterInTheScopeIsInvalidRequest() {
    var account = Fixtures.account().create();
    account
        .token("scope", "orders:read\u0001")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void unsignedAssertionWithAnExpBeyondEveryCalendarIsInvalidClient() {
    var account = Fixtures.account().method("private_key_jwt").jwks("{\"keys\":[]}").create();
    String jwt =
        b64("{\"alg\":\"none\"}")
            + "."
            + b64(
                "{\"iss\":\""
                    + account.clientId
                    + "\",\"sub\":\""
                    + account.clientId
                    + "\",\"aud\":\"http://127.0.0.1:8081/oauth2/token\","
                    + "\"jti\":\"j1\",\"exp\":9300000000000000}")
            + ".";
    given()
        .formParam("grant_type", "client_credentials")
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam("client_assertion", jwt)
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .header("WWW-Authenticate", nullValue())
        .body("error", equalTo("invalid_client"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"})
  void jsonBodyIsInvalidRequestSayingTheBodyIsAForm(String path) {
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .post(path)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", containsString("application/x-www-form-urlencoded"));
  }

  @Test
  void postSecretOfABasicClientIsRefused() {
    var account = Fixtures.account().create(); // registered client_secret_basic
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", account.secret)
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void basicSecretOfAPostClientIsRefused() {
    var account = Fixtures.account().method("client_secret_post").create();
    account
        .token()
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"))
        .body("error", equalTo("invalid_client"));
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", account.secret)
        .post("/oauth2/token")
        .then()
        .statusCode(200);
  }

  @Test
  void invalidClientWithoutBasicIs400WithoutAChallenge() {
    var account = Fixtures.account().method("client_secret_post").create();
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", "wrong")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .header("WWW-Authenticate", nullValue())
        .body("error", equalTo("invalid_client"));
  }
}
