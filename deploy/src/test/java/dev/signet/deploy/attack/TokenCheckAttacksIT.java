package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectOAuthError;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 6 and 11: a Signet service accepts only tokens for its own audience, discovery
 * lists only what is real, and the token endpoint's errors follow RFC 6749.
 */
class TokenCheckAttacksIT extends AttackCases {

  private static final String FOREIGN = "https://deploy.example.com";

  private static Client foreignAudienceAdmin() {
    Map<String, Object> body =
        Signet.account("atk-foreign-aud", List.of("signet:admin", Signet.SCOPE));
    body.put("allowed_audiences", List.of(FOREIGN));
    return signet.createAccount(body);
  }

  @Test
  void foreignAudienceTokenOpensAdminApiAndKeyring() {
    Client account = foreignAudienceAdmin();
    Answer issued = signet.clientCredentials(account, null, "audience", FOREIGN);
    if (issued.status() != 200) {
      return; // no token for that audience at all: nothing to replay
    }
    String token = issued.text("access_token");
    JsonNode claims = Signet.claims(token);
    assertAll(
        () ->
            assertFalse(
                claims.path("scope").asText().contains("signet:"),
                "a token for "
                    + FOREIGN
                    + " without an explicit scope carries signet: scopes: "
                    + claims.path("scope")),
        () ->
            expectStatus(
                Http.get(suite.adminUrl() + "/v1/service-accounts?limit=1").bearer(token).send(),
                "admin-api with a token for " + FOREIGN,
                401,
                403),
        () ->
            expectStatus(
                Http.get(suite.keyringUrl() + "/v1/keys").bearer(token).send(),
                "keyring with a token for " + FOREIGN,
                401,
                403));
  }

  @Test
  void explicitSignetScopeForForeignAudienceIsIssued() {
    Client account = foreignAudienceAdmin();
    Answer answer = signet.clientCredentials(account, "signet:admin", "audience", FOREIGN);
    expectOAuthError(answer, "scope signet:admin with audience " + FOREIGN, 400, "invalid_scope");
  }

  @Test
  void tokenWithJwtTypOpensAdminApi() {
    Assumptions.abort(
        "needs a token signed by Signet's key with typ JWT; the public APIs mint only at+jwt");
  }

  private static JsonNode discovery() {
    Answer answer = Http.get(suite.tokenUrl() + "/.well-known/openid-configuration").send();
    expectStatus(answer, "discovery", 200);
    return answer.json();
  }

  @Test
  void discoveryOmitsSignetServiceAudiences() {
    JsonNode audiences = discovery().path("signet_service_audiences");
    assertEquals("urn:signet:token", audiences.path("token").asText(), "discovery: " + audiences);
    assertEquals("urn:signet:keyring", audiences.path("keyring").asText());
    assertEquals("urn:signet:admin", audiences.path("admin").asText());
  }

  @Test
  void discoveryAdvertisesTokenResponseTypeWithoutAuthorizationEndpoint() {
    JsonNode doc = discovery();
    boolean token = false;
    for (JsonNode type : doc.path("response_types_supported")) {
      token |= "token".equals(type.asText());
    }
    assertFalse(
        token, "response_types_supported lists \"token\": " + doc.path("response_types_supported"));
  }

  @Test
  void discoveryAdvertisesSignetScopes() {
    JsonNode scopes = discovery().path("scopes_supported");
    for (JsonNode scope : scopes) {
      assertFalse(scope.asText().startsWith("signet:"), "scopes_supported: " + scopes);
    }
  }

  @Test
  void invalidClientWithBasicHasNoChallenge() {
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .basic(Signet.unique("atk-nobody"), "wrong")
            .form("grant_type", "client_credentials")
            .send();
    expectOAuthError(answer, "invalid_client with Basic", 401, "invalid_client");
    assertTrue(
        answer.header("www-authenticate").orElse("").startsWith("Basic"),
        "a Basic challenge: " + answer.headers());
  }

  @Test
  void invalidClientWithClientSecretPostGives401WithoutChallenge() {
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .form(
                "grant_type", "client_credentials",
                "client_id", Signet.unique("atk-nobody"),
                "client_secret", "wrong")
            .send();
    expectOAuthError(answer, "invalid_client with client_secret_post", 400, "invalid_client");
  }

  @Test
  void basicOnlyAccountAuthenticatesWithClientSecretPost() {
    Client account = signet.createAccount("atk-basic-only", List.of(Signet.SCOPE));
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .form(
                "grant_type", "client_credentials",
                "client_id", account.clientId(),
                "client_secret", account.secret())
            .send();
    expectOAuthError(
        answer,
        "client_secret_post by an account registered for client_secret_basic",
        400,
        "invalid_client");
  }

  @Test
  void tokenIssuedJustAfterRevokeAllIsRefused() {
    Client account = signet.createAccount("atk-revoke-all", List.of(Signet.SCOPE));
    signet.accessToken(account, Signet.SCOPE);
    Answer revoked =
        Http.post(suite.adminUrl() + "/v1/tokens/revocations")
            .bearer(signet.adminToken())
            .json(Map.of("client_id", account.clientId(), "reason", "attack suite"))
            .send();
    expectStatus(revoked, "revoke all of a client", 200, 201, 202, 204);
    // Tokens for a little over a second after the cutoff: some share its second (iat precision).
    long until = System.nanoTime() + 1_200_000_000L;
    int issued = 0;
    while (System.nanoTime() < until || issued < 3) {
      String after = signet.accessToken(account, Signet.SCOPE);
      issued++;
      assertTrue(
          signet.active(after),
          "token " + issued + " issued after the revoke-all cutoff introspects inactive");
    }
  }

  @Test
  void guessingASecretIsThrottledPerClientId() {
    Client target = signet.createAccount("atk-guessed", List.of(Signet.SCOPE));
    Client wrong = new Client(target.clientId(), "guess-" + Signet.unique("x"));
    for (int i = 0; i < 10; i++) {
      expectOAuthError(
          signet.clientCredentials(wrong, Signet.SCOPE),
          "wrong secret #" + i,
          401,
          "invalid_client");
    }
    Answer throttled = signet.clientCredentials(target, Signet.SCOPE);
    expectStatus(throttled, "the right secret after 10 wrong ones within a minute", 429);
    long retryAfter = Long.parseLong(throttled.header("retry-after").orElse("0"));
    assertTrue(
        retryAfter > 0 && retryAfter <= 60, "Retry-After is within the window: " + retryAfter);
    assertTrue(
        signet.active(signet.accessToken(signet.observer(), Signet.SCOPE)),
        "other clients are not throttled");
  }
}
