package dev.signet.token.authorize;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.user.People;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint's side of the code grant: codes as the authorize page stores them, exchanged
 * by the CLI's public client and the console's confidential one.
 */
@QuarkusTest
class AuthorizationCodeGrantTest {

  private static final String CLI = "signet-cli";
  private static final String LOOPBACK = "http://127.0.0.1:50123/callback";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-abc";

  @Inject TestTokens tokens;
  @Inject AuthorizationCodes codes;
  @Inject Pool pool;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private String code(UUID user, String client, String redirect, String scope, Instant now) {
    long userVer =
        Long.parseLong(
            Fixtures.column("SELECT user_ver::text FROM users WHERE id = ?::uuid", user.toString())
                .get(0));
    return codes
        .issue(
            pool,
            new AuthorizationCodes.Approval(
                client,
                user,
                userVer,
                "session-1",
                redirect,
                scope,
                Pkce.challengeOf(VERIFIER),
                "nonce-1",
                now.minusSeconds(5)),
            now)
        .await()
        .indefinitely();
  }

  private String code(UUID user) {
    return code(user, CLI, LOOPBACK, "openid reader", Instant.now());
  }

  private static Response exchange(String code, String redirect, String verifier) {
    return given()
        .formParam("grant_type", "authorization_code")
        .formParam("client_id", CLI)
        .formParam("code", code)
        .formParam("redirect_uri", redirect)
        .formParam("code_verifier", verifier)
        .when()
        .post("/oauth2/token");
  }

  private static JwtClaims claimsOf(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  @Test
  void theCliExchangesACodeForThePersonsTokensAndAnIdToken() throws Exception {
    UUID person = People.person("reader");
    Response r = exchange(code(person), LOOPBACK, VERIFIER);
    r.then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("token_type", equalTo("Bearer"))
        .body("scope", equalTo("reader"))
        .body("refresh_token", notNullValue());
    JwtClaims access = claimsOf(r.path("access_token"));
    assertEquals(person.toString(), access.getSubject());
    assertEquals("user", access.getClaimValueAsString("principal_type"));
    assertEquals(CLI, access.getClaimValueAsString("client_id"));
    JwtClaims id = claimsOf(r.path("id_token"));
    assertEquals(person.toString(), id.getSubject());
    assertEquals(java.util.List.of(CLI), id.getAudience());
    assertEquals("nonce-1", id.getClaimValueAsString("nonce"));
    assertEquals("session-1", id.getClaimValueAsString("sid"));
    assertEquals(true, id.hasClaim("auth_time"));
  }

  @Test
  void withoutOpenidThereIsNoIdToken() {
    UUID person = People.person("reader");
    exchange(code(person, CLI, LOOPBACK, "reader", Instant.now()), LOOPBACK, VERIFIER)
        .then()
        .statusCode(200)
        .body("id_token", nullValue());
  }

  @Test
  void aWrongVerifierIsRefusedAndTheCodeStaysUnusable() {
    UUID person = People.person("reader");
    String code = code(person);
    exchange(code, LOOPBACK, VERIFIER.replace('a', 'b'))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    exchange(code, LOOPBACK, "short")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void aReplayedCodeRevokesTheTokensItIssued() {
    UUID person = People.person("reader");
    String code = code(person);
    Response first = exchange(code, LOOPBACK, VERIFIER);
    first.then().statusCode(200);
    String access = first.path("access_token");
    String refresh = first.path("refresh_token");
    exchange(code, LOOPBACK, VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    Fixtures.account()
        .create()
        .introspect(access)
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    given()
        .formParam("grant_type", "refresh_token")
        .formParam("client_id", CLI)
        .formParam("refresh_token", refresh)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  @Test
  void anExpiredCodeIsRefused() {
    UUID person = People.person("reader");
    String code = code(person, CLI, LOOPBACK, "reader", Instant.now().minusSeconds(61));
    exchange(code, LOOPBACK, VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("The authorization code has expired."));
  }

  @Test
  void theRedirectUriMustBeTheOneOfTheRequest() {
    UUID person = People.person("reader");
    String code = code(person);
    exchange(code, "http://127.0.0.1:50124/callback", VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    exchange(code, LOOPBACK, VERIFIER).then().statusCode(200);
  }

  @Test
  void aCodeIsBoundToItsClient() {
    UUID person = People.person("reader");
    String code =
        code(person, "signet-console", "http://127.0.0.1:8085/console", "openid", Instant.now());
    exchange(code, "http://127.0.0.1:8085/console", VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    // The console authenticates with its configured secret, held only as an HMAC.
    given()
        .auth()
        .preemptive()
        .basic("signet-console", "wrong-secret")
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("redirect_uri", "http://127.0.0.1:8085/console")
        .formParam("code_verifier", VERIFIER)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    given()
        .auth()
        .preemptive()
        .basic("signet-console", "console-test-secret")
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("redirect_uri", "http://127.0.0.1:8085/console")
        .formParam("code_verifier", VERIFIER)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .body("id_token", notNullValue());
  }

  @Test
  void serviceAccountsDoNotGetTheCodeGrant() {
    Fixtures.Account account = Fixtures.account().create();
    UUID person = People.person("reader");
    String code = code(person, account.clientId, LOOPBACK, "reader", Instant.now());
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("redirect_uri", LOOPBACK)
        .formParam("code_verifier", VERIFIER)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
  }

  @Test
  void aPersonBumpedSinceTheApprovalGetsNothing() {
    UUID person = People.person("reader");
    String code = code(person);
    People.bumpUserVer(person);
    exchange(code, LOOPBACK, VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }
}
