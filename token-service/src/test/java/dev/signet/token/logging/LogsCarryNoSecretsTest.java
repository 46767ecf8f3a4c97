package dev.signet.token.logging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.Fixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs a full token flow with debug logging on, good requests and bad, then reads everything the
 * service logged: no client secret, token or key material may appear in it.
 */
@QuarkusTest
class LogsCarryNoSecretsTest {

  private static final Path LOG = Path.of("target", "signet-test.log");

  @Inject TestTokens tokens;

  @Test
  void aFullFlowLeavesNoSecretTokenOrKeyMaterialInTheLogs() throws IOException {
    tokens.ensureActiveKey();
    Account account =
        Fixtures.account().scopes("orders:read", "orders:write").refreshEnabled().create();
    List<String> secrets = new ArrayList<>();
    secrets.add(account.secret);

    var issued = account.token("scope", "orders:read").then().statusCode(200).extract();
    String accessToken = issued.path("access_token");
    secrets.add(accessToken);
    String refreshToken = issued.path("refresh_token");
    // The refresh half always runs: a refresh-enabled account must get a refresh token.
    assertNotNull(refreshToken, "the refresh-enabled account got no refresh token");
    secrets.add(refreshToken);
    String rotated =
        account.refresh(refreshToken).then().statusCode(200).extract().path("refresh_token");
    assertNotNull(rotated, "the refresh answered without a successor");
    secrets.add(rotated);
    // reuse of the rotated-away token: incident path, logged as a warning at most
    account.refresh(refreshToken).then().statusCode(400);
    account.introspect(accessToken).then().statusCode(200);
    account.revoke(accessToken).then().statusCode(200);

    // failures: wrong secret (secret-like value in the request), malformed token, bad grant
    String wrongSecret = "wrong-" + account.secret;
    secrets.add(wrongSecret);
    String requestId = "leak-test-" + UUID.randomUUID();
    given()
        .header("X-Request-Id", requestId)
        .auth()
        .preemptive()
        .basic(account.clientId, wrongSecret)
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(401);
    String forged = accessToken.substring(0, accessToken.lastIndexOf('.') + 1) + "AAAA";
    secrets.add(forged);
    account.introspect(forged).then().statusCode(200);
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "password")
        .formParam("password", "hunter2-" + account.secret)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400);

    assertTrue(Files.exists(LOG), "the test profile writes the service log to " + LOG);
    String logged = Files.readString(LOG, StandardCharsets.UTF_8);
    assertTrue(
        logged.contains("\"request_id\":\"" + requestId + "\""),
        "the refused request's JSON log line carries the caller's X-Request-Id in its MDC");
    assertFalse(logged.isEmpty(), "debug logging produced output to inspect");
    for (String secret : secrets) {
      assertFalse(logged.contains(secret), "a secret or token appears in the log");
      // the signature part alone is just as sensitive as the whole token
      if (secret.chars().filter(ch -> ch == '.').count() == 2) {
        assertFalse(logged.contains(secret.substring(secret.lastIndexOf('.') + 1)));
      }
    }
    assertFalse(logged.contains("-----BEGIN"), "PEM material appears in the log");
    assertFalse(logged.contains("PRIVATE KEY"), "private key material appears in the log");
    assertFalse(logged.contains("\"d\":"), "a private JWK member appears in the log");
  }
}
