package dev.signet.token.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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
          "signet.token.forwarded-for.enabled", "true");
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
    tokenFrom("198.51.100.7", Fixtures.account().create())
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue());
    // Another address behind the same trusted proxy has its own bucket.
    tokenFrom("198.51.100.8", Fixtures.account().create()).then().statusCode(200);
  }

  @Test
  void forwardedAddressFeedsTheIpAllowList() {
    var account = Fixtures.account().ipAllowList("203.0.113.0/24").create();
    tokenFrom("203.0.113.5", account).then().statusCode(200);
    tokenFrom("192.0.2.1", account).then().statusCode(401);
  }
}
