package dev.signet.token.delegation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.TestTokens;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.Fixtures;
import dev.signet.token.exchange.TokenExchangeGrant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delegated tokens (issue 15, item 6): token exchange with an actor token, checked against a
 * delegation-service that speaks the real check contract ({@link DelegationServiceStub}).
 */
@QuarkusTest
class DelegatedExchangeTest {

  private static final String ACCESS = TokenExchangeGrant.ACCESS_TOKEN_TYPE;
  private static final String API = "https://api.example";
  private static final String OTHER = "https://other.example";

  @Inject TestTokens tokens;
  @Inject DatabaseChannels channels;
  @Inject GrantReconciliation reconciliation;
  @Inject GrantRevocations revocations;

  private Fixtures.Account principal;
  private Fixtures.Account agentA;
  private Fixtures.Account agentB;
  private Fixtures.Account agentC;

  @BeforeEach
  void accounts() {
    tokens.ensureActiveKey();
    principal = Fixtures.account().scopes("repo:read", "repo:write").audiences(API, OTHER).create();
    agentA = Fixtures.account().scopes("agent").create();
    agentB = Fixtures.account().scopes("agent").create();
    agentC = Fixtures.account().scopes("agent").create();
  }

  @AfterEach
  void up() {
    DelegationServiceStub.down = false;
    DelegationServiceStub.POLICIES.clear();
  }

  private static String tokenOf(Fixtures.Account account, String... pairs) {
    return account.token(pairs).then().statusCode(200).extract().path("access_token");
  }

  private String principalToken() {
    return tokenOf(principal, "audience", API + " " + OTHER);
  }

  /** {@code actor} exchanges {@code subject} with its own token as the actor token. */
  private static Response delegate(
      Fixtures.Account actor, String subject, UUID grant, String... pairs) {
    var spec =
        given()
            .auth()
            .preemptive()
            .basic(actor.clientId, actor.secret)
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", subject)
            .formParam("subject_token_type", ACCESS)
            .formParam("actor_token", tokenOf(actor))
            .formParam("actor_token_type", ACCESS);
    if (grant != null) {
      spec = spec.formParam("grant_id", grant.toString());
    }
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      spec = spec.formParam(pairs[i], pairs[i + 1]);
    }
    return spec.when().post("/oauth2/token");
  }

  private static String issued(Response response) {
    return response.then().statusCode(200).extract().path("access_token");
  }

  private static JwtClaims claims(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  private DelegationServiceStub.Grant rootGrant(Fixtures.Account agent, int maxDepth) {
    return DelegationServiceStub.root(
        principal.clientId,
        agent.clientId,
        List.of("repo:read"),
        List.of(API),
        maxDepth,
        Instant.now().plusSeconds(3600));
  }

  private static List<String> events(String type, String attribute, String grant) {
    return Fixtures.column(
        "SELECT "
            + Fixtures.EVENT
            + "->'attributes'->>'"
            + attribute
            + "' FROM outbox WHERE event_type = ? AND "
            + Fixtures.EVENT
            + "->'attributes'->>'grant_id' = ? ORDER BY seq",
        type,
        grant);
  }

  @Test
  void oneHopTokenNamesThePrincipalAndNestsTheActor() throws Exception {
    var grant = rootGrant(agentA, 3);
    String jwt =
        issued(
            delegate(agentA, principalToken(), grant.id(), "task_id", "task-1")
                .then()
                .body("issued_token_type", equalTo(ACCESS))
                .body("scope", equalTo("repo:read"))
                .body("refresh_token", nullValue())
                .extract()
                .response());
    JwtClaims c = Fixtures.verifyWithPublishedKeys(jwt, "http://127.0.0.1:8081", API);
    assertEquals(principal.clientId, c.getSubject());
    assertEquals(agentA.clientId, c.getClaimValueAsString(SignetClaims.CLIENT_ID));
    assertEquals(Map.of("sub", agentA.clientId), c.getClaimValue(SignetClaims.ACT));
    assertEquals(grant.id().toString(), c.getClaimValueAsString(SignetClaims.DELEGATION_GRANT));
    assertEquals("task-1", c.getClaimValueAsString(SignetClaims.TASK_ID));
    assertNull(c.getClaimValue(SignetClaims.PARENT_TASK_ID));
    assertEquals(List.of(API), c.getAudience());
    // The contract: the chain so far (none) and the principal and actor by sub.
    var asked = DelegationServiceStub.requestsFor(grant.id()).get(0);
    assertEquals(principal.clientId, asked.path("principal").asText());
    assertEquals(agentA.clientId, asked.path("actor").asText());
    assertEquals(0, asked.path("current_depth").asInt());
    agentA
        .introspect(jwt)
        .then()
        .statusCode(200)
        .body("active", equalTo(true))
        .body("sub", equalTo(principal.clientId))
        .body("act.sub", equalTo(agentA.clientId))
        .body("grant_id", equalTo(grant.id().toString()))
        .body("task_id", equalTo("task-1"));
    assertEquals(List.of("1"), events("token.delegated", "depth", grant.id().toString()));
    assertEquals(List.of("task-1"), events("token.delegated", "task_id", grant.id().toString()));
  }

  @Test
  void aPolicyThatDeniesTheDelegationRefusesTheHopThoughTheGrantAllowsIt() {
    var grant = rootGrant(agentA, 3);
    DelegationServiceStub.POLICIES.put("token:delegate " + API, false);
    delegate(agentA, principalToken(), grant.id(), "task_id", "task-denied")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("Delegation refused by policy."))
        .body("access_token", nullValue());
    var asked =
        DelegationServiceStub.DECISION_REQUESTS.stream()
            .filter(r -> grant.id().toString().equals(r.path("context").path("grant_id").asText()))
            .toList();
    assertEquals(1, asked.size());
    assertEquals(principal.clientId, asked.get(0).path("subject").asText());
    assertEquals(API, asked.get(0).path("resource").asText());
    assertEquals(agentA.clientId, asked.get(0).path("context").path("actor").asText());
    assertEquals(1, asked.get(0).path("context").path("depth").asInt());
    assertEquals("task-denied", asked.get(0).path("context").path("task_id").asText());
    // No matching policy is no veto: the grant is the allow.
    DelegationServiceStub.POLICIES.clear();
    issued(delegate(agentA, principalToken(), grant.id()));
  }

  @Test
  void twoHopChainNestsThePriorActorAndCarriesTheTaskLineage() throws Exception {
    var root = rootGrant(agentA, 3);
    var child = DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read"));
    String first = issued(delegate(agentA, principalToken(), root.id(), "task_id", "t-1"));
    String second = issued(delegate(agentB, first, child.id(), "task_id", "t-2"));
    JwtClaims c = claims(second);
    assertEquals(principal.clientId, c.getSubject());
    assertEquals(
        Map.of("sub", agentB.clientId, "act", Map.of("sub", agentA.clientId)),
        c.getClaimValue(SignetClaims.ACT));
    assertEquals(child.id().toString(), c.getClaimValueAsString(SignetClaims.DELEGATION_GRANT));
    assertEquals("t-2", c.getClaimValueAsString(SignetClaims.TASK_ID));
    assertEquals("t-1", c.getClaimValueAsString(SignetClaims.PARENT_TASK_ID));
    assertTrue(c.getExpirationTime().getValue() <= claims(first).getExpirationTime().getValue());
    var asked = DelegationServiceStub.requestsFor(child.id()).get(0);
    assertEquals(1, asked.path("current_depth").asInt());
    assertEquals(agentA.clientId, asked.path("actor_chain").get(0).asText());
    assertEquals(
        List.of("t-1"), events("token.delegated", "parent_task_id", child.id().toString()));
    assertEquals(List.of("2"), events("token.delegated", "depth", child.id().toString()));
    String metrics = given().when().get("/q/metrics").then().extract().asString();
    assertTrue(
        metrics.contains("signet_delegated_tokens_issued_total{depth=\"2\",via=\"grant\"}"),
        "delegated tokens are counted by depth");
  }

  @Test
  void generatedTaskIdWhenNoneIsGiven() throws Exception {
    var grant = rootGrant(agentA, 3);
    String jwt = issued(delegate(agentA, principalToken(), grant.id()));
    UUID.fromString(claims(jwt).getClaimValueAsString(SignetClaims.TASK_ID));
  }

  @Test
  void scopeBeyondTheGrantIsRefusedAtAnyHop() {
    var root = rootGrant(agentA, 3);
    delegate(agentA, principalToken(), root.id(), "scope", "repo:write")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"))
        .body("error_description", containsString("repo:write"));
    assertEquals(
        List.of("scope"), events("token.delegation_refused", "reason", root.id().toString()));
    // Second hop: the child grant may not name more than the first hop's token holds.
    var child =
        DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read", "repo:write"));
    String first = issued(delegate(agentA, principalToken(), root.id()));
    delegate(agentB, first, child.id(), "scope", "repo:write")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    // Without a scope asked, only what both the grant and the subject token hold.
    String narrow = issued(delegate(agentB, first, child.id()));
    given()
        .auth()
        .preemptive()
        .basic(agentB.clientId, agentB.secret)
        .formParam("token", narrow)
        .post("/oauth2/introspect")
        .then()
        .body("scope", equalTo("repo:read"));
  }

  @Test
  void audienceOutsideTheSubjectTokenIsRefused() {
    var grant = rootGrant(agentA, 3);
    delegate(agentA, tokenOf(principal, "audience", API), grant.id(), "audience", OTHER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
    delegate(agentA, principalToken(), grant.id(), "audience", OTHER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"))
        .body("error_description", containsString("audiences exceed the grant"));
  }

  @Test
  void hopBeyondTheGrantsMaxDepthIsRefused() {
    var root = rootGrant(agentA, 1);
    var child = DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read"));
    String first = issued(delegate(agentA, principalToken(), root.id()));
    delegate(agentB, first, child.id())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("exceeds the grant's max_depth 1"));
    assertEquals(
        List.of("depth"), events("token.delegation_refused", "reason", child.id().toString()));
  }

  @Test
  void actorCycleIsRefusedBeforeAsking() {
    var root = rootGrant(agentA, 5);
    var toB = DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read"));
    var backToA = DelegationServiceStub.child(toB, agentA.clientId, List.of("repo:read"));
    String first = issued(delegate(agentA, principalToken(), root.id()));
    String second = issued(delegate(agentB, first, toB.id()));
    delegate(agentA, second, backToA.id())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("twice"));
    assertTrue(DelegationServiceStub.requestsFor(backToA.id()).isEmpty());
    // The principal acting for itself is a cycle too.
    var self =
        DelegationServiceStub.root(
            principal.clientId,
            principal.clientId,
            List.of("repo:read"),
            List.of(API),
            3,
            Instant.now().plusSeconds(600));
    delegate(principal, principalToken(), self.id())
        .then()
        .statusCode(400)
        .body("error_description", containsString("twice"));
    assertEquals(
        List.of("cycle"), events("token.delegation_refused", "reason", backToA.id().toString()));
  }

  @Test
  void expiredGrantIsRefused() {
    var grant =
        DelegationServiceStub.root(
            principal.clientId,
            agentA.clientId,
            List.of("repo:read"),
            List.of(API),
            3,
            Instant.now().minusSeconds(1));
    delegate(agentA, principalToken(), grant.id())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("expired"));
  }

  @Test
  void tokenNeverOutlivesItsGrant() throws Exception {
    Instant grantEnd = Instant.now().plusSeconds(90);
    var grant =
        DelegationServiceStub.root(
            principal.clientId, agentA.clientId, List.of("repo:read"), List.of(API), 3, grantEnd);
    String jwt = issued(delegate(agentA, principalToken(), grant.id()));
    assertTrue(claims(jwt).getExpirationTime().getValue() <= grantEnd.getEpochSecond());
  }

  private boolean active(String token) {
    return agentB.introspect(token).then().extract().<Boolean>path("active");
  }

  @Test
  void aRevocationNobodyHeardIsReconciledFromDelegationService() {
    var root = rootGrant(agentA, 3);
    var child = DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read"));
    String first = issued(delegate(agentA, principalToken(), root.id()));
    String second = issued(delegate(agentB, first, child.id()));
    // Revoked at delegation-service with no NOTIFY token-service heard: introspection cannot know.
    DelegationServiceStub.revoke(root.id());
    DelegationServiceStub.revoke(child.id());
    assertTrue(active(second));
    Eventually.until(
        Duration.ofSeconds(10),
        "a reconciliation run records both revoked grants",
        () -> {
          reconciliation.reconcile().await().atMost(Duration.ofSeconds(5));
          return !active(first) && !active(second);
        });
    assertEquals(
        List.of(root.id().toString(), child.id().toString()).stream().sorted().toList(),
        Fixtures.column(
            "SELECT grant_id::text FROM revoked_delegation_grants WHERE grant_id IN (?::uuid, ?::uuid)"
                + " ORDER BY 1",
            root.id().toString(),
            child.id().toString()));
  }

  @Test
  void theListenersResubscriptionReconcilesWhatItMissed() {
    var root = rootGrant(agentA, 3);
    String token = issued(delegate(agentA, principalToken(), root.id()));
    DelegationServiceStub.revoke(root.id());
    assertTrue(active(token));
    // What the listener is told when it has (re)subscribed: no payload.
    revocations.received(null);
    Eventually.until(
        Duration.ofSeconds(10),
        "the resubscription reconciled the revoked grant",
        () -> !active(token));
  }

  @Test
  void revokedGrantEndsEveryTokenUnderItWithinSeconds() {
    Fixtures.awaitListening(channels, GrantRevocations.CHANNEL);
    var root = rootGrant(agentA, 3);
    var child = DelegationServiceStub.child(root, agentB.clientId, List.of("repo:read"));
    String first = issued(delegate(agentA, principalToken(), root.id()));
    String second = issued(delegate(agentB, first, child.id()));
    // A plain exchange of a delegated token keeps its grant, so it ends with it too.
    String traded =
        issued(
            given()
                .auth()
                .preemptive()
                .basic(agentB.clientId, agentB.secret)
                .formParam("grant_type", TokenExchangeGrant.GRANT)
                .formParam("subject_token", second)
                .formParam("subject_token_type", ACCESS)
                .post("/oauth2/token"));
    agentB.introspect(second).then().body("active", equalTo(true));
    // Bad payloads are skipped and the listener keeps going.
    Fixtures.notify(GrantRevocations.CHANNEL, "not json");
    Fixtures.notify(GrantRevocations.CHANNEL, "{\"grant_ids\": \"x\"}");
    Fixtures.notify(GrantRevocations.CHANNEL, "{\"grant_ids\": [\"nope\", 7, null]}");
    Fixtures.notify(
        GrantRevocations.CHANNEL,
        "{\"root\": \""
            + root.id()
            + "\", \"grant_ids\": [\""
            + root.id()
            + "\", \""
            + child.id()
            + "\", \"\\u0000bad\"]}");
    for (String token : List.of(first, second, traded)) {
      Eventually.until(
          Duration.ofSeconds(10),
          "a token under a revoked grant is inactive",
          () -> !agentB.introspect(token).then().extract().<Boolean>path("active"));
    }
    assertEquals(
        List.of(root.id().toString()),
        Fixtures.column(
            "SELECT root_id::text FROM revoked_delegation_grants WHERE grant_id = ?", child.id()));
    // A revoked token cannot be exchanged any further either.
    DelegationServiceStub.revoke(root.id());
    delegate(agentB, first, child.id())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  @Test
  void storedRevocationHoldsWithoutANotification() {
    var grant = rootGrant(agentA, 3);
    String jwt = issued(delegate(agentA, principalToken(), grant.id()));
    // As after a restart: the row is there, no notification arrives.
    Fixtures.update("INSERT INTO revoked_delegation_grants (grant_id) VALUES (?)", grant.id());
    agentA.introspect(jwt).then().statusCode(200).body("active", equalTo(false));
  }

  @Test
  void plainExchangeOfADelegatedTokenCannotWiden() throws Exception {
    var grant = rootGrant(agentA, 3);
    String delegated = issued(delegate(agentA, principalToken(), grant.id()));
    var plain =
        given()
            .auth()
            .preemptive()
            .basic(agentA.clientId, agentA.secret)
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", delegated)
            .formParam("subject_token_type", ACCESS);
    plain
        .formParam("scope", "repo:write")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    given()
        .auth()
        .preemptive()
        .basic(agentA.clientId, agentA.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", delegated)
        .formParam("subject_token_type", ACCESS)
        .formParam("audience", OTHER)
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
    String kept =
        issued(
            given()
                .auth()
                .preemptive()
                .basic(agentA.clientId, agentA.secret)
                .formParam("grant_type", TokenExchangeGrant.GRANT)
                .formParam("subject_token", delegated)
                .formParam("subject_token_type", ACCESS)
                .post("/oauth2/token"));
    JwtClaims c = claims(kept);
    assertEquals(Map.of("sub", agentA.clientId), c.getClaimValue(SignetClaims.ACT));
    assertEquals(grant.id().toString(), c.getClaimValueAsString(SignetClaims.DELEGATION_GRANT));
    assertEquals("repo:read", c.getClaimValueAsString(SignetClaims.SCOPE));
    // The principal's own token, exchanged without an actor, never gains an act or a grant.
    JwtClaims own =
        claims(
            issued(
                given()
                    .auth()
                    .preemptive()
                    .basic(principal.clientId, principal.secret)
                    .formParam("grant_type", TokenExchangeGrant.GRANT)
                    .formParam("subject_token", principalToken())
                    .formParam("subject_token_type", ACCESS)
                    .post("/oauth2/token")));
    assertFalse(own.hasClaim(SignetClaims.ACT));
    assertFalse(own.hasClaim(SignetClaims.DELEGATION_GRANT));
  }

  @Test
  void delegationServiceDownIssuesNothing() {
    var grant = rootGrant(agentA, 3);
    DelegationServiceStub.down = true;
    delegate(agentA, principalToken(), grant.id())
        .then()
        .statusCode(503)
        .body("error", equalTo("temporarily_unavailable"))
        .body("access_token", nullValue());
    assertEquals(
        List.of("unavailable"),
        events("token.delegation_refused", "reason", grant.id().toString()));
    assertTrue(events("token.delegated", "depth", grant.id().toString()).isEmpty());
  }

  @Test
  void mayActInTheSubjectTokenAllowsTheNamedActorWithoutAGrant() throws Exception {
    JwtClaims subject = tokens.claims(principal.clientId, "repo:read");
    subject.setClaim(SignetClaims.CLIENT_ID, principal.clientId);
    subject.setAudience(API);
    subject.setClaim(SignetClaims.MAY_ACT, Map.of("sub", agentA.clientId));
    String signed = tokens.sign(subject);
    JwtClaims c = claims(issued(delegate(agentA, signed, null)));
    assertEquals(Map.of("sub", agentA.clientId), c.getClaimValue(SignetClaims.ACT));
    assertFalse(c.hasClaim(SignetClaims.DELEGATION_GRANT));
    delegate(agentB, signed, null)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("grant_id is required"));
  }

  @Test
  void badInputIsAClearErrorAndIssuesNothing() {
    var grant = rootGrant(agentA, 3);
    String subject = principalToken();
    delegate(agentA, subject, null, "grant_id", "not-a-uuid")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    for (String bad : List.of("a".repeat(129), "t\u0000x", "t\nx", "tâche", "a b")) {
      delegate(agentA, subject, grant.id(), "task_id", bad)
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid_request"));
    }
    // An actor token of another client.
    given()
        .auth()
        .preemptive()
        .basic(agentA.clientId, agentA.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", subject)
        .formParam("subject_token_type", ACCESS)
        .formParam("actor_token", tokenOf(agentB))
        .formParam("actor_token_type", ACCESS)
        .formParam("grant_id", grant.id().toString())
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    // A tampered actor token, a missing actor_token_type.
    given()
        .auth()
        .preemptive()
        .basic(agentA.clientId, agentA.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", subject)
        .formParam("subject_token_type", ACCESS)
        .formParam("actor_token", tokenOf(agentA) + "x")
        .formParam("actor_token_type", ACCESS)
        .formParam("grant_id", grant.id().toString())
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    given()
        .auth()
        .preemptive()
        .basic(agentA.clientId, agentA.secret)
        .formParam("grant_type", TokenExchangeGrant.GRANT)
        .formParam("subject_token", subject)
        .formParam("subject_token_type", ACCESS)
        .formParam("actor_token", tokenOf(agentA))
        .formParam("grant_id", grant.id().toString())
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    // Another principal's grant.
    var foreign =
        DelegationServiceStub.root(
            agentC.clientId,
            agentA.clientId,
            List.of("repo:read"),
            List.of(API),
            3,
            Instant.now().plusSeconds(600));
    delegate(agentA, subject, foreign.id())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    assertTrue(events("token.delegated", "depth", grant.id().toString()).isEmpty());
  }
}
