package dev.signet.token.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Its own profile: a per-address limit this low would starve every other test. */
@QuarkusTest
@TestProfile(IpRateLimitTest.LowIpLimit.class)
class IpRateLimitTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  public static class LowIpLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "signet.token.rate-limit.per-ip-per-minute", "2",
          "signet.token.rate-limit.max-entries", "1000",
          "signet.token.forwarded-for.enabled", "true",
          // Below the per-address limit above, so the device budgets are what refuses.
          "signet.token.users.device-authorizations-per-ip-per-minute", "1",
          "signet.token.users.device-polls-per-ip-per-minute", "1");
    }
  }

  private static io.restassured.response.Response tokenFrom(String ip, Fixtures.Account a) {
    return given()
        .header("X-Forwarded-For", ip)
        .auth()
        .preemptive()
        .basic(a.clientId, a.secret)
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token");
  }

  @Test
  void addressOverItsLimitGets429EvenWithFreshClients() {
    tokenFrom("198.51.100.7", Fixtures.account().create()).then().statusCode(200);
    tokenFrom("198.51.100.7", Fixtures.account().create()).then().statusCode(200);
    var refused = tokenFrom("198.51.100.7", Fixtures.account().create());
    refused.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    Fixtures.assertRetryAfterWithinTheWindow(refused);
    // Another address behind the same trusted proxy has its own bucket.
    tokenFrom("198.51.100.8", Fixtures.account().create()).then().statusCode(200);
  }

  private static io.restassured.response.Response deviceAuthorizationFrom(String ip) {
    return given()
        .header("X-Forwarded-For", ip)
        .formParam("client_id", "signet-cli")
        .formParam("scope", "")
        .when()
        .post("/oauth2/device_authorization");
  }

  private static io.restassured.response.Response pollFrom(String ip, String deviceCode) {
    return given()
        .header("X-Forwarded-For", ip)
        .formParam("client_id", "signet-cli")
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
        .formParam("device_code", deviceCode)
        .when()
        .post("/oauth2/token");
  }

  /** RFC 8628 endpoints have budgets of their own per address, shared by replicas (the DB). */
  @Test
  void deviceAuthorizationsAndPollsPerAddressGet429WithRetryAfter() {
    Fixtures.update("DELETE FROM token_request_budgets");
    String deviceCode =
        deviceAuthorizationFrom("198.51.100.20")
            .then()
            .statusCode(200)
            .extract()
            .path("device_code");
    var second = deviceAuthorizationFrom("198.51.100.20");
    second.then().statusCode(429).body("error", org.hamcrest.Matchers.notNullValue());
    assertTrue(second.getHeader("Retry-After") != null, "Retry-After on a refused authorization");
    deviceAuthorizationFrom("198.51.100.21").then().statusCode(200);

    pollFrom("198.51.100.22", deviceCode)
        .then()
        .statusCode(400)
        .body(
            "error",
            org.hamcrest.Matchers.anyOf(equalTo("authorization_pending"), equalTo("slow_down")));
    var tooMany = pollFrom("198.51.100.22", deviceCode);
    tooMany.then().statusCode(429).body("error", org.hamcrest.Matchers.notNullValue());
    assertTrue(tooMany.getHeader("Retry-After") != null, "Retry-After on a refused poll");
    Fixtures.update("DELETE FROM token_request_budgets");
  }

  @Inject RateLimiter limiter;

  private static io.restassured.response.Response tokenWith(
      String header, String value, Fixtures.Account a) {
    return given()
        .header(header, value)
        .auth()
        .preemptive()
        .basic(a.clientId, a.secret)
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token");
  }

  @Test
  void rfc7239ForwardedWithAQuotedIpv6AndPortNamesTheClient() {
    var account = Fixtures.account().ipAllowList("2001:db8::/32").create();
    tokenWith("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https", account)
        .then()
        .statusCode(200);
    var v4 = Fixtures.account().ipAllowList("203.0.113.0/24").create();
    tokenWith("Forwarded", "for=192.0.2.60, for=\"203.0.113.9:1234\"", v4).then().statusCode(200);
    tokenWith("Forwarded", "for=203.0.113.9, for=192.0.2.60", v4)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    assertEquals(List.of("ip_not_allowed"), Fixtures.authFailureReasonsOf(v4.clientId));
  }

  @Test
  void garbageForwardedForCannotPickAnAddress() {
    // The only address believed is then the proxy itself (the test client on loopback).
    var account = Fixtures.account().ipAllowList("127.0.0.1/32").create();
    tokenWith("X-Forwarded-For", "203.0.113.5, not-an-address", account).then().statusCode(200);
    // (Two requests only: every one of them counts against 127.0.0.1's bucket of 2.)
    tokenWith("Forwarded", "for=\"[2001:db8::1\"", account).then().statusCode(200);
  }

  @Test
  void oneIpv6Slash64SharesOneBucket() {
    tokenFrom("2001:db8:aa:bb::1", Fixtures.account().create()).then().statusCode(200);
    tokenFrom("2001:db8:aa:bb::2", Fixtures.account().create()).then().statusCode(200);
    var refused = tokenFrom("2001:db8:aa:bb:ffff::3", Fixtures.account().create());
    refused.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    Fixtures.assertRetryAfterWithinTheWindow(refused);
    tokenFrom("2001:db8:aa:bc::1", Fixtures.account().create()).then().statusCode(200);
  }

  @Test
  void aFloodOfAddressesCannotGrowTheLimiterPastItsCap() {
    for (int i = 0; i < 5000; i++) {
      limiter.checkIp("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    assertTrue(limiter.size() <= 1000, "limiter holds " + limiter.size() + " buckets");
  }

  @Test
  void forwardedAddressFeedsTheIpAllowList() {
    var account = Fixtures.account().ipAllowList("203.0.113.0/24").create();
    tokenFrom("203.0.113.5", account).then().statusCode(200);
    tokenFrom("192.0.2.1", account).then().statusCode(401).body("error", equalTo("invalid_client"));
    assertEquals(List.of("ip_not_allowed"), Fixtures.authFailureReasonsOf(account.clientId));
  }
}
