package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectNoServerError;
import static dev.signet.deploy.attack.Signet.expectOAuthError;
import static dev.signet.deploy.attack.Signet.expectProblem;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: a client's mistake (broken encoding, NUL, numbers and times out of range) is a
 * 400, never a 500, and changes nothing; a policy that passes validation is usable.
 */
class BadInputAttacksIT extends AttackCases {

  private static Answer tokenForm(String rawBody) {
    return Http.post(suite.tokenUrl() + "/oauth2/token").rawForm(rawBody).send();
  }

  @Test
  void brokenPercentEncodingInClientIdGives500() {
    Answer answer = tokenForm("grant_type=client_credentials&client_id=%zz&client_secret=x");
    expectNoServerError(answer, "client_id=%zz");
    expectOAuthError(answer, "client_id=%zz", 400, "invalid_request");
  }

  @Test
  void nulInClientIdGives500() {
    Answer answer = tokenForm("grant_type=client_credentials&client_id=a%00b&client_secret=x");
    expectNoServerError(answer, "client_id=a%00b");
    expectOAuthError(answer, "client_id=a%00b", 400, "invalid_request");
  }

  @Test
  void hugeExpInUnsignedClientAssertionGives500() throws Exception {
    JsonWebKey key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("atk-1");
    Map<String, Object> body = Signet.account("atk-key-client", List.of(Signet.SCOPE));
    body.put("token_endpoint_auth_method", "private_key_jwt");
    body.put(
        "jwks",
        Http.JSON.readTree(
            "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}"));
    Client client = signet.createAccount(body);
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims =
        b64(
            "{\"iss\":\""
                + client.clientId()
                + "\",\"sub\":\""
                + client.clientId()
                + "\",\"aud\":\""
                + suite.tokenUrl()
                + "/oauth2/token\",\"jti\":\""
                + Signet.unique("jti")
                + "\",\"exp\":9300000000000000}");
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .form(
                "grant_type",
                "client_credentials",
                "client_id",
                client.clientId(),
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                header + "." + claims + ".")
            .send();
    expectNoServerError(answer, "an unsigned client_assertion with exp 9300000000000000");
    expectStatus(answer, "an unsigned client_assertion with a huge exp", 400, 401);
    assertEquals("invalid_client", answer.text("error"), answer.toString());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nulInAccountNameGives500() {
    Map<String, Object> body = Signet.account("atk-nul-name", List.of(Signet.SCOPE));
    body.put("name", "a\u0000b");
    Answer answer = signet.createAccount(signet.adminToken(), body);
    assertAll(
        () -> expectProblem(answer, "POST /v1/service-accounts with name a\\u0000b", 400),
        () -> signet.expectNoAccount((String) body.get("client_id"), "NUL in the name"));
  }

  @Test
  void hugeRateLimitPerMinuteIsAccepted() {
    Map<String, Object> body = Signet.account("atk-rate", List.of(Signet.SCOPE));
    body.put("rate_limit_per_minute", 2_000_000_000);
    Answer answer = signet.createAccount(signet.adminToken(), body);
    assertAll(
        () -> expectProblem(answer, "rate_limit_per_minute 2000000000", 400),
        () -> signet.expectNoAccount((String) body.get("client_id"), "huge rate limit"));
  }

  @Test
  void expiresAtYear300000Gives500() {
    Map<String, Object> body = Signet.account("atk-expiry", List.of(Signet.SCOPE));
    body.put("expires_at", "+300000-01-01T00:00:00Z");
    Answer answer = signet.createAccount(signet.adminToken(), body);
    assertAll(
        () -> expectNoServerError(answer, "expires_at in the year 300000"),
        () -> expectProblem(answer, "expires_at in the year 300000", 400),
        () -> signet.expectNoAccount((String) body.get("client_id"), "expires_at year 300000"));
  }

  @Test
  void hugeOverlapSecondsOnSecretRotationGives500() {
    Client account = signet.createAccount("atk-overlap", List.of(Signet.SCOPE));
    Answer answer =
        Http.post(
                suite.adminUrl()
                    + "/v1/service-accounts/"
                    + account.clientId()
                    + "/rotate-secret?overlap_seconds=9000000000000000000")
            .bearer(signet.adminToken())
            .send();
    assertAll(
        () -> expectNoServerError(answer, "overlap_seconds 9000000000000000000"),
        () -> expectProblem(answer, "overlap_seconds 9000000000000000000", 400),
        () ->
            assertEquals(
                null,
                signet.account(account.clientId()).text("previous_secret_expires_at"),
                "the secret was rotated anyway"),
        () ->
            expectStatus(
                signet.clientCredentials(account, Signet.SCOPE), "the secret still works", 200));
  }

  @Test
  void encodedNulInAccountPathGives500() {
    Answer answer =
        Http.get(suite.adminUrl() + "/v1/service-accounts/atk%00nul")
            .bearer(signet.adminToken())
            .send();
    expectProblem(answer, "GET /v1/service-accounts/atk%00nul", 400);
  }

  @Test
  void encodedNulInKeyPathGives500() {
    Answer answer =
        Http.post(suite.keyringUrl() + "/v1/keys/atk%00kid/retire")
            .bearer(signet.adminToken())
            .send();
    expectProblem(answer, "POST /v1/keys/atk%00kid/retire", 400);
  }

  // ------------------------------------------------------------ keyring rotation policy

  private static JsonNode policy() {
    Answer answer =
        Http.get(suite.keyringUrl() + "/v1/keys/policy").bearer(signet.adminToken()).send();
    expectStatus(answer, "GET /v1/keys/policy", 200);
    ObjectNode node = (ObjectNode) answer.json();
    node.remove(List.of("updated_at", "updated_by"));
    return node;
  }

  /** PUT the current policy with one field changed: must be 400 and leave the policy as it was. */
  private static void expectPolicyRefused(String field, long value) {
    JsonNode before = policy();
    ObjectNode update = before.deepCopy();
    update.put(field, value);
    Answer answer =
        Http.put(suite.keyringUrl() + "/v1/keys/policy")
            .bearer(signet.adminToken())
            .json(update)
            .send();
    String what = "PUT /v1/keys/policy with " + field + " " + value;
    try {
      assertAll(
          () -> expectNoServerError(answer, what),
          () -> expectProblem(answer, what, 400, 422),
          () -> assertEquals(before, policy(), what + ": the policy after the refusal"));
    } finally {
      // Put the policy back: a bad policy accepted here would break rotation for later attacks.
      Http.put(suite.keyringUrl() + "/v1/keys/policy")
          .bearer(signet.adminToken())
          .json(before)
          .send();
    }
  }

  @Test
  void hugeRotationIntervalGives500() {
    expectPolicyRefused("rotation_interval_seconds", 9_000_000_000_000_000_000L);
  }

  @Test
  void hugePrePublishSecondsStopsRotation() {
    expectPolicyRefused("pre_publish_seconds", 9_000_000_000_000_000_000L);
  }

  @Test
  void hugeGracePeriodSecondsStopsRotation() {
    expectPolicyRefused("grace_period_seconds", 9_000_000_000_000_000_000L);
  }

  @Test
  void hugeJwksCacheMarginSecondsStopsRotation() {
    expectPolicyRefused("jwks_cache_margin_seconds", 9_000_000_000_000_000_000L);
  }

  @Test
  void rsaKeySize1000IsAccepted() {
    expectPolicyRefused("rsa_key_size", 1000);
  }

  @Test
  void rsaKeySize3000IsAccepted() {
    expectPolicyRefused("rsa_key_size", 3000);
  }

  @Test
  void jsonBodyOnTokenEndpointGives415() {
    Answer answer =
        Http.post(suite.tokenUrl() + "/oauth2/token")
            .basic(signet.observer().clientId(), signet.observer().secret())
            .rawJson("{\"grant_type\":\"client_credentials\"}")
            .send();
    expectOAuthError(answer, "a JSON body on /oauth2/token", 400, "invalid_request");
  }
}
