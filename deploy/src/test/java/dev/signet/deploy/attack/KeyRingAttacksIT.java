package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.deploy.attack.Http.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: changing the key ring's algorithm is a rotation like any other. The new key is
 * published before it signs, and until then token-service keeps signing with the active key and
 * advertises only that key's algorithm.
 */
class KeyRingAttacksIT extends AttackCases {

  private static JsonNode policy() {
    Answer answer =
        Http.get(suite.keyringUrl() + "/v1/keys/policy").bearer(signet.adminToken()).send();
    expectStatus(answer, "GET /v1/keys/policy", 200);
    ObjectNode node = (ObjectNode) answer.json();
    node.remove(List.of("updated_at", "updated_by"));
    return node;
  }

  private static Answer putPolicy(JsonNode policy) {
    return Http.put(suite.keyringUrl() + "/v1/keys/policy")
        .bearer(signet.adminToken())
        .json(policy)
        .send();
  }

  private static List<String> jwksKids() {
    List<String> kids = new ArrayList<>();
    Http.get(suite.keyringUrl() + "/.well-known/jwks.json")
        .send()
        .json()
        .path("keys")
        .forEach(k -> kids.add(k.path("kid").asText() + "/" + k.path("alg").asText()));
    return kids;
  }

  @Test
  void algorithmSwitchSignsWithAnUnpublishedKey() {
    JsonNode before = policy();
    String signing =
        Signet.header(signet.accessToken(signet.observer(), Signet.SCOPE)).path("kid").asText();
    String alg = before.path("algorithm").asText();
    String other = "ES256".equals(alg) ? "RS256" : "ES256";
    ObjectNode switched = before.deepCopy();
    switched.put("algorithm", other);
    String scheduled = null;
    try {
      expectStatus(putPolicy(switched), "PUT /v1/keys/policy algorithm " + other, 200);
      // A rotation now, as the rotation job would run it: the new key is only scheduled.
      Answer rotation =
          Http.post(suite.keyringUrl() + "/v1/keys/rotate").bearer(signet.adminToken()).send();
      expectStatus(rotation, "POST /v1/keys/rotate after the switch", 202);
      JsonNode next = rotation.json().path("scheduled");
      scheduled = next.path("kid").asText(null);
      assertEquals(other, next.path("alg").asText(), "the scheduled key: " + rotation);
      String kid = scheduled;
      assertTrue(
          jwksKids().contains(kid + "/" + other),
          "the " + other + " key is published before it signs: " + jwksKids());

      String token = signet.accessToken(signet.observer(), Signet.SCOPE);
      JsonNode header = Signet.header(token);
      assertEquals(
          signing,
          header.path("kid").asText(),
          "until the new key is due, token-service signs with the active key");
      assertEquals(alg, header.path("alg").asText());
      assertTrue(signet.active(token), "and that token is active");
      JsonNode discovery =
          Http.get(suite.tokenUrl() + "/.well-known/openid-configuration").send().json();
      assertEquals(
          List.of(alg),
          Signet.texts(discovery.path("access_token_signing_alg_values_supported")),
          "discovery advertises only the algorithm that signs");
    } finally {
      expectStatus(putPolicy(before), "PUT the policy back", 200);
      if (scheduled != null) {
        // Leave the ring as it was for the other attacks: the unused key goes.
        Http.post(suite.keyringUrl() + "/v1/keys/" + scheduled + "/retire")
            .bearer(signet.adminToken())
            .send();
      }
    }
  }
}
