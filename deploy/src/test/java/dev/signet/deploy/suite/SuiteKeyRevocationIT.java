package dev.signet.deploy.suite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key revoked in keyring-service, seen by token-service, another process: its introspection of a
 * token of that key turns inactive within seconds and it signs with the key keyring promoted. The
 * shared suite starts token-service with a key cache TTL far longer than these waits ({@link
 * SharedSuite#KEY_CACHE_TTL}), so only keyring's NOTIFY can carry the change in time.
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteKeyRevocationIT {

  private static final String SCOPE = "orders:read";

  /** "Within seconds": NOTIFY is immediate; the bound is for a slow shared machine. */
  private static final Duration WITHIN = Duration.ofSeconds(15);

  private static SharedSuite shared;
  private static TokenServiceClient oauth;
  private static Client account;

  @BeforeAll
  static void suite() {
    shared = SharedSuite.get();
    oauth = shared.oauth;
    account = shared.admin.createServiceAccount("e2e-key-revocation", List.of(SCOPE), false);
    oauth.awaitToken(account, SCOPE);
  }

  private static RequestSpecification keyring() {
    return given()
        .baseUri(shared.processes.keyringUrl())
        .auth()
        .oauth2(shared.adminToken())
        .accept("application/json");
  }

  private static String token() {
    return Answers.expect(oauth.clientCredentials(account, SCOPE), 200, "client_credentials")
        .jsonPath()
        .getString("access_token");
  }

  private static String kid(String token) {
    return Jwt.header(token).getString("kid");
  }

  private static boolean active(String token) {
    return Answers.expect(oauth.introspect(account, token), 200, "introspect")
        .jsonPath()
        .getBoolean("active");
  }

  private static List<String> jwksKids() {
    return Answers.expect(
            given().baseUri(shared.processes.keyringUrl()).get("/.well-known/jwks.json"),
            200,
            "JWKS")
        .jsonPath()
        .getList("keys.kid");
  }

  @Test
  void revokedKeysTokenIntrospectsInactiveAndTheNextTokenIsSignedByItsSuccessor() {
    // A key of this test's own: an emergency rotation makes a fresh key active, so revoking it
    // leaves the key before it (now previous) verifying every other test's tokens.
    JsonPath rotated =
        Answers.expect(keyring().post("/v1/keys/rotate?immediate=true"), 200, "emergency rotation")
            .jsonPath();
    String revokedKid = rotated.getString("activated.kid");
    assertNotNull(revokedKid, rotated.prettify());
    String token =
        Eventually.await(
            "token-service signs with the freshly activated key " + revokedKid,
            WITHIN,
            SuiteKeyRevocationIT::token,
            t -> revokedKid.equals(kid(t)),
            SuiteKeyRevocationIT::kid);
    assertTrue(active(token), "a token of the active key introspects active");

    JsonPath revocation =
        Answers.expect(
                keyring()
                    .contentType("application/json")
                    .body(Map.of("reason", "e2e: key material leaked"))
                    .post("/v1/keys/{kid}/revoke", revokedKid),
                200,
                "revoke the active key in keyring-service")
            .jsonPath();
    // The admin token may have been signed by the revoked key; later calls take a new one.
    shared.forgetAdminToken();
    assertEquals("revoked", revocation.getString("revoked.state"), revocation.prettify());
    String successor = revocation.getString("promoted.kid");
    assertNotNull(successor, "revoking the active key promotes another: " + revocation.prettify());
    assertNotEquals(revokedKid, successor);
    assertEquals("active", revocation.getString("promoted.state"));
    List<String> published = jwksKids();
    assertFalse(published.contains(revokedKid), "keyring's JWKS drops the key: " + published);
    assertTrue(published.contains(successor), "keyring's JWKS has the successor: " + published);

    Eventually.await(
        "token-service's introspection of the revoked key's token says active:false",
        WITHIN,
        () -> active(token),
        active -> !active);

    // The next tokens: any still signed by the revoked key in the moment before the NOTIFY
    // arrived must be dead on arrival; then the successor signs.
    List<String> signedByRevoked = new ArrayList<>();
    String next =
        Eventually.await(
            "token-service signs with the promoted key " + successor,
            WITHIN,
            () -> {
              String t = token();
              if (revokedKid.equals(kid(t))) {
                signedByRevoked.add(t);
              }
              return t;
            },
            t -> successor.equals(kid(t)),
            SuiteKeyRevocationIT::kid);
    for (String t : signedByRevoked) {
      assertFalse(active(t), "a token signed by the revoked key after its revocation is inactive");
    }
    assertTrue(active(next), "the successor's token introspects active");
    assertFalse(active(token), "the revoked key's token stays inactive");
  }
}
