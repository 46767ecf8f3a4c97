package dev.signet.token.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.user.People;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device flow (RFC 8628): the device side as a standard client that knows only the discovery
 * document, the person's side through {@code /v1/device} with their own key-login token.
 */
@QuarkusTest
class DeviceFlowTest {

  private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  @Inject TestTokens tokens;

  @BeforeEach
  @AfterEach
  void freshBudgets() {
    tokens.ensureActiveKey();
    // Every test comes from 127.0.0.1: the guessing budget of one must not be another's.
    Fixtures.update("DELETE FROM token_request_budgets");
  }

  /** A person with a role and an enrolled key, logged in: their bearer token. */
  private record Person(UUID id, People.Key key, String token) {}

  private static Person person(String... roles) throws Exception {
    UUID id = People.person(roles);
    People.Key key = People.ed25519(id);
    String token = key.login().then().statusCode(200).extract().path("access_token");
    return new Person(id, key, token);
  }

  private static Map<String, Object> discovery() {
    return given()
        .when()
        .get("/.well-known/oauth-authorization-server")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("");
  }

  /**
   * An endpoint as discovery advertises it. The issuer is configuration (port 8081) while the test
   * server listens on a random port, so only the advertised path is taken.
   */
  private static String advertised(String name) {
    return URI.create((String) discovery().get(name)).getPath();
  }

  private static Response authorize(String scope, String... auth) {
    var spec = given().formParam("scope", scope);
    spec =
        auth.length == 2
            ? spec.auth().preemptive().basic(auth[0], auth[1])
            : spec.formParam("client_id", "signet-cli");
    return spec.when().post(advertised("device_authorization_endpoint"));
  }

  private static Response poll(String deviceCode, String... auth) {
    var spec = given().formParam("grant_type", DEVICE_GRANT).formParam("device_code", deviceCode);
    spec =
        auth.length == 2
            ? spec.auth().preemptive().basic(auth[0], auth[1])
            : spec.formParam("client_id", "signet-cli");
    return spec.when().post(advertised("token_endpoint"));
  }

  private static Response show(Person p, String userCode) {
    return given()
        .auth()
        .oauth2(p.token())
        .queryParam("user_code", userCode)
        .when()
        .get("/v1/device");
  }

  private static Response decide(Person p, String userCode, String decision) {
    return given()
        .auth()
        .oauth2(p.token())
        .contentType("application/json")
        .body(Map.of("user_code", userCode, "decision", decision))
        .when()
        .post("/v1/device/approve");
  }

  /** Polls as RFC 8628 section 3.5 says: wait the interval, add 5 s on slow_down, bounded. */
  private static Response pollUntilDecided(String deviceCode, int interval) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(interval * 1000L + 100);
      Response r = poll(deviceCode);
      String error = r.path("error");
      if ("slow_down".equals(error)) {
        interval += 5;
      } else if (!"authorization_pending".equals(error)) {
        return r;
      }
    }
    throw new AssertionError("still pending after 30 s");
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
  void standardClientGetsTokensOnceThePersonApproves() throws Exception {
    Map<String, Object> metadata = discovery();
    assertTrue(((java.util.List<?>) metadata.get("grant_types_supported")).contains(DEVICE_GRANT));
    Person p = person("developer");

    Response started = authorize("developer orders:write");
    started
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("user_code", matchesPattern("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"))
        .body("verification_uri", equalTo("http://127.0.0.1:8081/device"))
        .body("expires_in", equalTo(600))
        .body("interval", equalTo(1));
    String deviceCode = started.path("device_code");
    String userCode = started.path("user_code");
    assertTrue(deviceCode.length() >= 22, "at least 128 bits");
    assertEquals(
        "http://127.0.0.1:8081/device?user_code=" + userCode,
        started.path("verification_uri_complete"));
    // Only the HMAC is stored.
    assertEquals(
        0,
        Fixtures.column(
                "SELECT 1 FROM device_codes WHERE encode(device_code_hash, 'escape') = ?",
                deviceCode)
            .size());

    poll(deviceCode).then().statusCode(400).body("error", equalTo("authorization_pending"));

    // The person sees who asks, for what, from where and when; case and dash do not matter.
    show(p, userCode.toLowerCase().replace("-", ""))
        .then()
        .statusCode(200)
        .body("client_id", equalTo("signet-cli"))
        .body("scope", equalTo("developer orders:write"))
        .body("requested_from", equalTo("127.0.0.1"))
        .body("requested_at", notNullValue())
        .body("status", equalTo("pending"));
    decide(p, userCode, "approve").then().statusCode(200).body("status", equalTo("approved"));

    Response issued = pollUntilDecided(deviceCode, started.path("interval"));
    issued.then().statusCode(200).body("refresh_token", notNullValue());
    JwtClaims claims = claimsOf(issued.path("access_token"));
    assertEquals(p.id().toString(), claims.getSubject());
    assertEquals(1L, claims.getClaimValue("user_ver"));
    assertEquals(p.key().kid(), claims.getClaimValue("akid"));
    // Requested, narrowed to what the person's roles give.
    assertEquals("developer", claims.getClaimValue("scope"));

    // Single use: the next poll finds the code spent.
    Thread.sleep(1100);
    poll(deviceCode).then().statusCode(400).body("error", equalTo("invalid_grant"));
    // The refresh token works like a key login's.
    given()
        .formParam("grant_type", "refresh_token")
        .formParam("client_id", "signet-cli")
        .formParam("refresh_token", (String) issued.path("refresh_token"))
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("signet_device_flow_total{event=\"approved\"}"))
        .body(containsString("signet_device_flow_total{event=\"token_issued\"}"))
        .body(containsString("signet_user_logins_total{method=\"device\",outcome=\"success\"}"));
    assertEquals(
        1,
        Fixtures.column(
                "SELECT 1 FROM outbox WHERE event_type = 'device.approved' AND "
                    + Fixtures.EVENT
                    + "->>'actor' = ?",
                p.id().toString())
            .size());
  }

  @Test
  void pollingTooFastSlowsThatDeviceCodeOnly() {
    Response fast = authorize("developer");
    Response other = authorize("developer");
    poll(fast.path("device_code"))
        .then()
        .statusCode(400)
        .body("error", equalTo("authorization_pending"));
    poll(fast.path("device_code")).then().statusCode(400).body("error", equalTo("slow_down"));
    poll(other.path("device_code"))
        .then()
        .statusCode(400)
        .body("error", equalTo("authorization_pending"));
    assertEquals(List.of("6"), intervalOf(fast), "raised by 5 s and stored");
    assertEquals(List.of("1"), intervalOf(other), "the other code keeps its interval");
  }

  private static List<String> intervalOf(Response started) {
    String shown = started.path("user_code");
    return Fixtures.column(
        "SELECT interval_seconds::text FROM device_codes WHERE user_code = ?",
        shown.replace("-", ""));
  }

  @Test
  void deniedRequestGetsAccessDenied() throws Exception {
    Person p = person("developer");
    Response started = authorize("developer");
    decide(p, started.path("user_code"), "deny")
        .then()
        .statusCode(200)
        .body("status", equalTo("denied"));
    pollUntilDecided(started.path("device_code"), 1)
        .then()
        .statusCode(400)
        .body("error", equalTo("access_denied"));
    // Decided once: approving afterwards changes nothing.
    decide(p, started.path("user_code"), "approve").then().statusCode(404);
  }

  @Test
  void expiredDeviceCodeGetsExpiredToken() {
    Response started = authorize("developer");
    String shown = started.path("user_code");
    Fixtures.update(
        "UPDATE device_codes SET expires_at = now() - interval '1 second' WHERE user_code = ?",
        shown.replace("-", ""));
    poll(started.path("device_code"))
        .then()
        .statusCode(400)
        .body("error", equalTo("expired_token"));
  }

  @Test
  void deviceCodeIsBoundToTheClientThatAskedForIt() {
    Fixtures.Account allowed = Fixtures.account().create();
    Fixtures.update(
        "UPDATE service_accounts SET device_grant_enabled = true WHERE client_id = ?",
        allowed.clientId);
    Response started = authorize("developer", allowed.clientId, allowed.secret);
    started.then().statusCode(200);
    // The CLI's client polling another client's code: as if it did not exist.
    poll(started.path("device_code"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    poll(started.path("device_code"), allowed.clientId, allowed.secret)
        .then()
        .statusCode(400)
        .body("error", equalTo("authorization_pending"));

    Fixtures.Account notAllowed = Fixtures.account().create();
    authorize("developer", notAllowed.clientId, notAllowed.secret)
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
  }

  @Test
  void hundredWrongUserCodesFromOneAddressGet429AndTheRightCodeWaitsToo() throws Exception {
    Person p = person("developer");
    String right = authorize("developer").path("user_code");
    int refused = 0;
    Response last = null;
    for (int i = 0; i < 100; i++) {
      Response r =
          show(
              p,
              "BCDF-"
                  + String.format("%04d", i)
                      .replace('0', 'G')
                      .replace('1', 'H')
                      .replace('2', 'J')
                      .replace('3', 'K')
                      .replace('4', 'L')
                      .replace('5', 'M')
                      .replace('6', 'N')
                      .replace('7', 'P')
                      .replace('8', 'Q')
                      .replace('9', 'R'));
      if (r.statusCode() == 429) {
        refused++;
        last = r;
      } else {
        assertEquals(404, r.statusCode());
      }
    }
    assertTrue(refused >= 80, "most of 100 guesses refused, was " + refused);
    assertEquals("application/problem+json", last.contentType());
    assertNotEquals(null, last.header("Retry-After"));
    // A success does not reset anything, and the budget holds the right code back as well.
    show(p, right).then().statusCode(429);
  }

  @Test
  void hostileUserCodesGetCleanErrors() throws Exception {
    Person p = person("developer");
    for (String bad :
        new String[] {
          "BCDF\u0000GHJK", "B".repeat(1000), "ВСDF-GHJK", "bcdf-ghjk\n", "", "AEIO-UAEI"
        }) {
      Response r = show(p, bad);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, "status " + r.statusCode());
      assertEquals("application/problem+json", r.contentType());
    }
    decide(p, "BCDF\u0000GHJK", "approve").then().statusCode(400);
    decide(p, "BCDF-GHJK", "maybe").then().statusCode(400);
    given()
        .formParam("client_id", "signet-cli")
        .formParam("scope", "a\u0001b")
        .when()
        .post("/oauth2/device_authorization")
        .then()
        .statusCode(400)
        .body("error", notNullValue());
    given()
        .formParam("client_id", "signet-cli\u0000")
        .when()
        .post("/oauth2/device_authorization")
        .then()
        .statusCode(400)
        .body("error", notNullValue());
    given()
        .formParam("client_id", "signet-cli")
        .formParam("grant_type", DEVICE_GRANT)
        .formParam("device_code", "x".repeat(4000))
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  @Test
  void onlyAPersonsOwnTokenDecides() {
    String userCode = authorize("developer").path("user_code");
    String serviceToken =
        Fixtures.account().scopes("orders:read").create().token().path("access_token");
    given()
        .auth()
        .oauth2(serviceToken)
        .queryParam("user_code", userCode)
        .when()
        .get("/v1/device")
        .then()
        .statusCode(anyOf(equalTo(401), equalTo(403)));
    given().queryParam("user_code", userCode).when().get("/v1/device").then().statusCode(401);
  }
}
