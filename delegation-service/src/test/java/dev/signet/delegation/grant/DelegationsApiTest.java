package dev.signet.delegation.grant;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delegation chains: a three-hop chain succeeds and a fourth hop beyond max depth fails; escalation
 * of scopes, audiences or expiry fails at any hop; an actor twice is a cycle; revoking the root
 * revokes every descendant (audited, notified) and the check then refuses them.
 */
@QuarkusTest
class DelegationsApiTest {

  @Inject TestTokens tokens;
  @Inject DatabaseChannels channels;

  private Api api;
  private final String p = "g" + UUID.randomUUID().toString().substring(0, 8);
  private final String principal = "user:" + p;
  private final Instant expiry =
      Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  private final String[] agents = new String[5];

  @BeforeEach
  void setUp() {
    api = new Api(tokens);
    api.admin().body(Map.of()).put("/v1/scopes/" + p + ".read").then().statusCode(201);
    api.admin()
        .body(Map.of("implies", List.of(p + ".read")))
        .put("/v1/scopes/" + p + ".write")
        .then()
        .statusCode(201);
    api.admin().body(Map.of()).put("/v1/scopes/" + p + ".admin").then().statusCode(201);
    for (int i = 1; i <= 4; i++) {
      Map<String, Object> body = new HashMap<>();
      body.put("name", p + "-agent" + i);
      body.put("owner_type", "user");
      body.put("owner", principal);
      body.put("client_id", client(i));
      body.put("allowed_scopes", List.of(p + ".write", p + ".admin"));
      agents[i] =
          api.admin().body(body).post("/v1/agents").then().statusCode(201).extract().path("id");
    }
  }

  private String client(int i) {
    return p + "-client" + i;
  }

  private Map<String, Object> grant(int agent, String parent, List<String> scopes) {
    Map<String, Object> body = new HashMap<>();
    body.put("agent_id", agents[agent]);
    if (parent != null) {
      body.put("parent_id", parent);
    }
    body.put("scopes", scopes);
    body.put("audiences", List.of("urn:" + p + ":api", "urn:" + p + ":other"));
    body.put("expires_at", expiry.toString());
    return body;
  }

  private ValidatableResponse rootGrant(Map<String, Object> body) {
    return api.as(principal, p + ".write").body(body).post("/v1/delegations").then();
  }

  private ValidatableResponse childGrant(int byAgent, Map<String, Object> body) {
    return api.as(client(byAgent)).body(body).post("/v1/delegations").then();
  }

  /** Root alice -> agent1, then agent1 -> agent2, agent2 -> agent3; the ids in hop order. */
  private String[] threeHops() {
    String g1 =
        rootGrant(grant(1, null, List.of(p + ".write")))
            .statusCode(201)
            .body("depth", equalTo(1))
            .body("max_depth", equalTo(3))
            .extract()
            .path("id");
    String g2 =
        childGrant(1, grant(2, g1, List.of(p + ".write")))
            .statusCode(201)
            .body("depth", equalTo(2))
            .body("principal", equalTo(principal))
            .extract()
            .path("id");
    Map<String, Object> third = grant(3, g2, List.of(p + ".read"));
    third.remove("audiences");
    String g3 =
        childGrant(2, third)
            .statusCode(201)
            .body("depth", equalTo(3))
            .body("audiences", hasSize(2))
            .extract()
            .path("id");
    return new String[] {g1, g2, g3};
  }

  private Map<String, Object> check(
      String grantId, int actor, List<String> chain, List<String> scopes) {
    Map<String, Object> body = new HashMap<>();
    body.put("grant_id", grantId);
    body.put("principal", principal);
    body.put("actor", client(actor));
    body.put("requested_scopes", scopes);
    body.put("requested_audiences", List.of("urn:" + p + ":api"));
    body.put("current_depth", chain.size());
    body.put("actor_chain", chain);
    return body;
  }

  private ValidatableResponse ask(Map<String, Object> body) {
    return api.internal().body(body).post(DelegationPaths.DELEGATION_CHECK).then().statusCode(200);
  }

  @Test
  void threeHopChainSucceedsAndAFourthHopBeyondMaxDepthFails() {
    String[] g = threeHops();
    ask(check(g[2], 3, List.of(client(2), client(1)), List.of(p + ".read")))
        .body("allowed", equalTo(true))
        .body("grant_id", equalTo(g[2]))
        .body("depth", equalTo(3))
        .body("max_depth", equalTo(3))
        .body("scopes", equalTo(List.of(p + ".read")))
        .body("audiences", equalTo(List.of("urn:" + p + ":api")))
        .body("max_expires_at", containsString(expiry.toString().substring(0, 16)));
    childGrant(3, grant(4, g[2], List.of(p + ".read")))
        .statusCode(400)
        .body("detail", containsString("depth 4 exceeds"));
    // The first hop's check, and a chain that is not the grant's lineage.
    ask(check(g[0], 1, List.of(), List.of(p + ".read"))).body("allowed", equalTo(true));
    ask(check(g[2], 3, List.of(client(1), client(2)), List.of(p + ".read")))
        .body("allowed", equalTo(false))
        .body("reason", containsString("lineage"));
    ask(check(g[1], 2, List.of(), List.of(p + ".read"))).body("allowed", equalTo(false));
    assertEquals(1, Api.auditEvents("delegation.granted", g[2]));
  }

  @Test
  void eachCheckOfAnAgentsHopMovesItsCountersAndReputation() {
    String g1 =
        rootGrant(grant(1, null, List.of(p + ".write"))).statusCode(201).extract().path("id");
    ask(check(g1, 1, List.of(), List.of(p + ".read"))).body("allowed", equalTo(true));
    ask(check(g1, 1, List.of(), List.of(p + ".read"))).body("allowed", equalTo(true));
    ask(check(g1, 1, List.of(), List.of(p + ".admin"))).body("allowed", equalTo(false));
    // Another actor presenting agent 1's grant is not agent 1's failure.
    ask(check(g1, 2, List.of(), List.of(p + ".read"))).body("allowed", equalTo(false));
    Eventually.until(
        Duration.ofSeconds(10),
        "agent 1's counters show two issued hops and one refused",
        () ->
            Integer.valueOf(2).equals(api.reader().get("/v1/agents/" + agents[1]).path("issued"))
                && Integer.valueOf(1)
                    .equals(api.reader().get("/v1/agents/" + agents[1]).path("failed")));
    api.reader()
        .get("/v1/agents/" + agents[1])
        .then()
        .body("succeeded", equalTo(0))
        // (0 + 1) / (0 + 1 + 2), shown, not enforced.
        .body("reputation", equalTo(0.333f));
    api.reader().get("/v1/agents/" + agents[2]).then().body("failed", equalTo(0));
  }

  @Test
  void revokedGrantsArePagedInRevocationOrderForTokenService() {
    String since = Instant.now().minusSeconds(5).toString();
    String[] g = threeHops();
    api.as(principal, p + ".write").delete("/v1/delegations/" + g[0]).then().statusCode(200);
    List<String> all =
        api.internal()
            .queryParam("since", since)
            .get(DelegationPaths.REVOKED_GRANTS)
            .then()
            .statusCode(200)
            .extract()
            .path("revoked.grant_id");
    assertTrue(all.containsAll(List.of(g)), "all three revoked: " + all);
    // Keyset paging: the page after the first id starts with the second.
    String firstAt =
        api.internal()
            .queryParam("since", since)
            .queryParam("limit", 1)
            .get(DelegationPaths.REVOKED_GRANTS)
            .then()
            .body("revoked", hasSize(1))
            .extract()
            .path("revoked[0].revoked_at");
    String first = all.get(0);
    api.internal()
        .queryParam("since", firstAt)
        .queryParam("after", first)
        .queryParam("limit", 1)
        .get(DelegationPaths.REVOKED_GRANTS)
        .then()
        .body("revoked[0].grant_id", equalTo(all.get(1)));
    api.internal()
        .queryParam("since", "yesterday")
        .get(DelegationPaths.REVOKED_GRANTS)
        .then()
        .statusCode(400);
    api.internal()
        .queryParam("since", since)
        .queryParam("limit", 1001)
        .get(DelegationPaths.REVOKED_GRANTS)
        .then()
        .statusCode(400);
    api.internal()
        .queryParam("since", since)
        .queryParam("after", "x\u0000")
        .get(DelegationPaths.REVOKED_GRANTS)
        .then()
        .statusCode(400);
    api.admin()
        .queryParam("since", since)
        .get(DelegationPaths.REVOKED_GRANTS)
        .then()
        .statusCode(403);
  }

  @Test
  void maxDepthDefaultsToThreeAndIsCappedAtFive() {
    Map<String, Object> six = grant(1, null, List.of(p + ".write"));
    six.put("max_depth", 6);
    rootGrant(six).statusCode(400).body("detail", containsString("max_depth"));
    six.put("max_depth", 5);
    String g1 = rootGrant(six).statusCode(201).body("max_depth", equalTo(5)).extract().path("id");
    Map<String, Object> wider = grant(2, g1, List.of(p + ".read"));
    wider.put("max_depth", 5);
    String g2 = childGrant(1, wider).statusCode(201).extract().path("id");
    Map<String, Object> narrower = grant(3, g2, List.of(p + ".read"));
    narrower.put("max_depth", 2);
    childGrant(2, narrower).statusCode(400).body("detail", containsString("depth 3 exceeds"));
  }

  @Test
  void scopeEscalationFailsAtEveryHop() {
    // Root: more than the principal's token holds, or than the agent is allowed.
    rootGrant(grant(1, null, List.of(p + ".admin")))
        .statusCode(400)
        .body("detail", containsString("exceed what the delegator holds: " + p + ".admin"));
    rootGrant(grant(1, null, List.of("signet:internal"))).statusCode(400);
    String g1 =
        rootGrant(grant(1, null, List.of(p + ".read"))).statusCode(201).extract().path("id");
    // Child: more than the parent grant.
    childGrant(1, grant(2, g1, List.of(p + ".write")))
        .statusCode(400)
        .body("detail", containsString(p + ".write"));
    // Child: a later expiry or another audience than the parent's.
    Map<String, Object> later = grant(2, g1, List.of(p + ".read"));
    later.put("expires_at", expiry.plusSeconds(60).toString());
    childGrant(1, later).statusCode(400).body("detail", containsString("expiry"));
    Map<String, Object> elsewhere = grant(2, g1, List.of(p + ".read"));
    elsewhere.put("audiences", List.of("urn:" + p + ":third"));
    childGrant(1, elsewhere).statusCode(400).body("detail", containsString("audiences"));
    // Only the parent's actor may delegate from it.
    childGrant(3, grant(2, g1, List.of(p + ".read"))).statusCode(403);
    // The check: more scopes or audiences than the grant.
    ask(check(g1, 1, List.of(), List.of(p + ".write")))
        .body("allowed", equalTo(false))
        .body("reason", containsString(p + ".write"));
    Map<String, Object> aud = check(g1, 1, List.of(), List.of(p + ".read"));
    aud.put("requested_audiences", List.of("urn:" + p + ":third"));
    ask(aud).body("allowed", equalTo(false)).body("reason", containsString("audiences"));
  }

  @Test
  void anActorTwiceInAChainIsACycle() {
    String[] g = threeHops();
    childGrant(2, grant(1, g[1], List.of(p + ".read")))
        .statusCode(400)
        .body("detail", containsString("cycle"));
    ask(check(g[2], 3, List.of(client(2), client(2)), List.of(p + ".read")))
        .body("allowed", equalTo(false))
        .body("reason", containsString("cycle"));
    Map<String, Object> self = check(g[2], 3, List.of(client(3), client(1)), List.of());
    ask(self).body("allowed", equalTo(false)).body("reason", containsString("cycle"));
  }

  @Test
  void revokingTheRootRevokesEveryDescendantAuditedAndNotified() {
    Set<String> heard = ConcurrentHashMap.newKeySet();
    channels.listen(GrantRepository.REVOKED_CHANNEL, payload -> heard.add(String.valueOf(payload)));
    String probe = "probe-" + UUID.randomUUID();
    Eventually.until(
        Duration.ofSeconds(20),
        "LISTEN carries the revocation channel",
        () -> {
          Api.execute("SELECT pg_notify(?, ?)", GrantRepository.REVOKED_CHANNEL, probe);
          return heard.contains(probe);
        });
    String[] g = threeHops();
    api.as("stranger").delete("/v1/delegations/" + g[0]).then().statusCode(403);
    List<String> revoked =
        api.as(principal)
            .delete("/v1/delegations/" + g[0])
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("revoked", String.class);
    assertEquals(Set.of(g[0], g[1], g[2]), Set.copyOf(revoked));
    for (String id : g) {
      assertEquals(
          1,
          Api.count(
              "SELECT count(*) FROM outbox WHERE event_type = ? AND payload->>'target' = ?",
              "delegation.revoked",
              id));
    }
    ask(check(g[2], 3, List.of(client(2), client(1)), List.of(p + ".read")))
        .body("allowed", equalTo(false))
        .body("reason", containsString("revoked"));
    ask(check(g[0], 1, List.of(), List.of(p + ".read"))).body("allowed", equalTo(false));
    Eventually.until(
        Duration.ofSeconds(20),
        "the revocation notification names the subtree",
        () ->
            heard.stream().anyMatch(s -> s.contains(g[0]) && s.contains(g[1]) && s.contains(g[2])));
    // Revoking again revokes nothing more; a child cannot be added under a revoked grant.
    api.as(principal)
        .delete("/v1/delegations/" + g[1])
        .then()
        .statusCode(200)
        .body("revoked", hasSize(0));
    childGrant(1, grant(2, g[0], List.of(p + ".read"))).statusCode(409);
  }

  @Test
  void aMiddleActorRevokesOnlyItsSubtree() {
    String[] g = threeHops();
    api.as(client(2))
        .delete("/v1/delegations/" + g[1])
        .then()
        .statusCode(200)
        .body("revoked", hasSize(2));
    ask(check(g[0], 1, List.of(), List.of(p + ".read"))).body("allowed", equalTo(true));
    api.admin()
        .delete("/v1/delegations/" + g[0])
        .then()
        .statusCode(200)
        .body("revoked", hasSize(1));
  }

  @Test
  void badRequestsAre400AndTheCheckIsInternalOnly() {
    Map<String, Object> past = grant(1, null, List.of(p + ".read"));
    past.put("expires_at", Instant.now().minusSeconds(5).toString());
    rootGrant(past).statusCode(400);
    Map<String, Object> far = grant(1, null, List.of(p + ".read"));
    far.put("expires_at", Instant.now().plus(40, ChronoUnit.DAYS).toString());
    rootGrant(far).statusCode(400);
    Map<String, Object> noAudience = grant(1, null, List.of(p + ".read"));
    noAudience.put("audiences", List.of());
    rootGrant(noAudience).statusCode(400);
    Map<String, Object> unknownAgent = grant(1, null, List.of(p + ".read"));
    unknownAgent.put("agent_id", UUID.randomUUID().toString());
    rootGrant(unknownAgent).statusCode(400);
    rootGrant(grant(1, null, List.of("bad\u0007scope"))).statusCode(400);
    api.as(principal)
        .body("{\"agent_id\": \"nope\"}")
        .post("/v1/delegations")
        .then()
        .statusCode(400);
    Map<String, Object> c = check(UUID.randomUUID().toString(), 1, List.of(), List.of());
    api.admin().body(c).post(DelegationPaths.DELEGATION_CHECK).then().statusCode(403);
    ask(c).body("allowed", equalTo(false)).body("reason", containsString("no such grant"));
    c.put("actor_chain", List.of("x".repeat(300)));
    api.internal().body(c).post(DelegationPaths.DELEGATION_CHECK).then().statusCode(400);
    api.as(principal).get("/v1/delegations/" + UUID.randomUUID()).then().statusCode(404);
  }
}
