package dev.signet.token.audience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.exchange.TokenExchangeGrant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audience registry and audience-scoped tokens (issue 14, point 5). */
@QuarkusTest
class AudienceTokenTest {

  @Inject TestTokens tokens;

  String audience;

  @BeforeEach
  void setUp() {
    tokens.ensureActiveKey();
    audience = "jobs.abort." + UUID.randomUUID().toString().substring(0, 8);
  }

  private String admin() {
    return tokens.bearer(Fixtures.activeAccount("aud-admin"), "signet:tokens:admin");
  }

  private Response register(int maxTtl, boolean singleUse) {
    Map<String, Object> body = new HashMap<>();
    body.put("audience", audience);
    body.put("description", "Abort a running job");
    body.put("max_ttl_seconds", maxTtl);
    body.put("single_use", singleUse);
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(body)
        .when()
        .post("/v1/audiences");
  }

  private static Response exchange(Fixtures.Account account, String subject, String... pairs) {
    var spec =
        given()
            .auth()
            .preemptive()
            .basic(account.clientId, account.secret)
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", subject)
            .formParam("subject_token_type", TokenExchangeGrant.ACCESS_TOKEN_TYPE);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      spec = spec.formParam(pairs[i], pairs[i + 1]);
    }
    return spec.when().post("/oauth2/token");
  }

  private static String tokenOf(Fixtures.Account account) {
    return account.token().then().statusCode(200).extract().path("access_token");
  }

  private static Response introspect(Fixtures.Account caller, String token, String consume) {
    return given()
        .auth()
        .preemptive()
        .basic(caller.clientId, caller.secret)
        .formParam("token", token)
        .formParam("consume", consume)
        .when()
        .post("/oauth2/introspect");
  }

  @Test
  void adminRegistersReadsChangesAndDeletesAnAudienceAndEachChangeIsAudited() {
    register(300, false).then().statusCode(201).body("max_ttl_seconds", equalTo(300));
    register(300, false).then().statusCode(409);
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("aud-reader"), "signet:tokens:read"))
        .when()
        .get("/v1/audiences")
        .then()
        .statusCode(200)
        .body("audience", hasItem(audience));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(Map.of("max_ttl_seconds", 120, "single_use", true))
        .when()
        .put("/v1/audiences/" + audience)
        .then()
        .statusCode(200)
        .body("single_use", equalTo(true))
        .body("max_ttl_seconds", equalTo(120));
    given()
        .auth()
        .oauth2(admin())
        .when()
        .delete("/v1/audiences/" + audience)
        .then()
        .statusCode(204);
    given()
        .auth()
        .oauth2(admin())
        .when()
        .get("/v1/audiences/" + audience)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    assertEquals(
        3,
        Fixtures.column(
                "SELECT event_type FROM outbox WHERE " + Fixtures.EVENT + "->>'target' = ?",
                "audience/" + audience)
            .size());
  }

  @Test
  void badRegistrationsAreFieldErrorsAndReadersCannotWrite() {
    Map<String, Object> tooLong =
        new HashMap<>(Map.of("audience", audience, "max_ttl_seconds", 601));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(tooLong)
        .when()
        .post("/v1/audiences")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("max_ttl_seconds"));
    for (String bad : List.of("*", "two words", "nul\u0000")) {
      given()
          .auth()
          .oauth2(admin())
          .contentType("application/json")
          .body(Map.of("audience", bad, "max_ttl_seconds", 60))
          .when()
          .post("/v1/audiences")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("aud-reader"), "signet:tokens:read"))
        .contentType("application/json")
        .body(Map.of("audience", audience, "max_ttl_seconds", 60))
        .when()
        .post("/v1/audiences")
        .then()
        .statusCode(403);
    given().when().get("/v1/audiences").then().statusCode(401);
  }

  @Test
  void anAudienceTokenHasTheClampedTtlAndOnlyTheRegisteredAudience() throws Exception {
    register(120, false).then().statusCode(201);
    var account = Fixtures.account().scopes("jobs:abort", "jobs:read").create();
    String subject = tokenOf(account);
    String jwt =
        exchange(
                account, subject, "audience", audience, "scope", "jobs:abort", "expires_in", "3600")
            .then()
            .statusCode(200)
            .body("expires_in", equalTo(120))
            .body("scope", equalTo("jobs:abort"))
            .body("issued_token_type", equalTo(TokenExchangeGrant.ACCESS_TOKEN_TYPE))
            .extract()
            .path("access_token");
    JwtClaims claims = Fixtures.verifyWithPublishedKeys(jwt, "http://127.0.0.1:8081", audience);
    assertEquals(List.of(audience), claims.getAudience());
    exchange(account, subject, "audience", audience, "expires_in", "1")
        .then()
        .statusCode(200)
        .body("expires_in", equalTo(30));
    exchange(account, subject, "audience", audience, "expires_in", "-5")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    exchange(account, subject, "audience", audience, "scope", "jobs:delete")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void anUnregisteredAudienceIsRefused() {
    var account = Fixtures.account().create();
    exchange(account, tokenOf(account), "audience", "jobs.unregistered-" + audience)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void aSingleUseTokenIsInactiveOnItsSecondConsumingUse() throws Exception {
    register(300, true).then().statusCode(201);
    var account = Fixtures.account().create();
    String jwt =
        exchange(account, tokenOf(account), "audience", audience)
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    var server = Fixtures.account().create();
    introspect(server, jwt, "false").then().statusCode(200).body("active", equalTo(true));
    introspect(server, jwt, "true").then().statusCode(200).body("active", equalTo(true));
    introspect(server, jwt, "true").then().statusCode(200).body("active", equalTo(false));
    introspect(server, jwt, "false").then().statusCode(200).body("active", equalTo(false));
    introspect(server, jwt, "maybe")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void concurrentConsumingUsesHaveExactlyOneWinner() throws Exception {
    register(300, true).then().statusCode(201);
    var account = Fixtures.account().create();
    String jwt =
        exchange(account, tokenOf(account), "audience", audience)
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    var server = Fixtures.account().create();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> uses = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        uses.add(
            pool.submit(
                () -> introspect(server, jwt, "true").then().extract().<Boolean>path("active")));
      }
      int active = 0;
      for (Future<Boolean> use : uses) {
        active += Boolean.TRUE.equals(use.get()) ? 1 : 0;
      }
      assertEquals(1, active);
    } finally {
      pool.shutdownNow();
    }
  }
}
