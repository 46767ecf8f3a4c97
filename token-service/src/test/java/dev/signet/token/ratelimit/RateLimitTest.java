package dev.signet.token.ratelimit;

import static org.hamcrest.Matchers.equalTo;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  @Test
  void accountOverItsLimitGets429WithRetryAfter() {
    var account = Fixtures.account().rateLimitPerMinute(2).create();
    account.token().then().statusCode(200);
    account.token().then().statusCode(200);
    var refused = account.token();
    refused.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    Fixtures.assertRetryAfterWithinTheWindow(refused);
  }

  @Test
  void limitIsPerClient() {
    var busy = Fixtures.account().rateLimitPerMinute(1).create();
    var quiet = Fixtures.account().rateLimitPerMinute(1).create();
    busy.token().then().statusCode(200);
    busy.token().then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    quiet.token().then().statusCode(200);
  }

  @Test
  void introspectionAndRevocationCountToo() {
    var account = Fixtures.account().rateLimitPerMinute(1).create();
    account.introspect("x").then().statusCode(200);
    var refused = account.revoke("x");
    refused.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    Fixtures.assertRetryAfterWithinTheWindow(refused);
  }
}
