package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectProblem;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 end to end, token-service against the real delegation-service jar (the attack suite's
 * five processes): scopes with implies, agents and grants made through the REST APIs, delegated
 * exchanges that nest {@code act} over three hops, the depth limit, a policy deny that makes
 * token-service refuse, a policy-governed scope allowed only by a policy, and a revoked root grant
 * whose tokens go inactive and whose next exchange fails within seconds. In this package to share
 * the one suite start and its helpers.
 */
class SuiteDelegationIT extends AttackCases {

  private static final String DELEGATION = "urn:signet:delegation";
  private static final String API = "urn:sdel:api";
  private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";
  private static final int AGENTS = 4;

  /** The prefix of the scopes the suite's token-service treats as policy-governed. */
  static final String GOVERNED = "sdgov.";

  private static final Instant EXPIRY =
      Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  /** Scope prefix of this run: {@code <p>.read}; {@code <p>.write} implies it. */
  private static String p;

  private static Client principal;
  private static final Client[] agents = new Client[AGENTS + 1];
  private static final String[] agentIds = new String[AGENTS + 1];

  @BeforeAll
  static void scopesAgentsAndAccounts() {
    p = Signet.unique("sdel");
    expectStatus(putScope(p + ".read", Map.of()), "define read", 201);
    expectStatus(
        putScope(p + ".write", Map.of("implies", List.of(p + ".read"))), "define write", 201);
    principal = account("sdel-principal", List.of(p + ".write", p + ".read"));
    for (int i = 1; i <= AGENTS; i++) {
      agents[i] = account("sdel-agent" + i, List.of(p + ".read"));
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("name", Signet.unique("sdel-agent" + i));
      agent.put("owner_type", "service_account");
      agent.put("owner", principal.clientId());
      agent.put("client_id", agents[i].clientId());
      agent.put("allowed_scopes", List.of(p + ".write"));
      agentIds[i] =
          expectStatus(delegation("POST", "/v1/agents", admin(), agent), "agent", 201).text("id");
    }
  }

  @Test
  void threeHopsNestActAndAFourthBeyondMaxDepthFails() {
    String g1 = rootGrant(principal, 1, 3);
    String g2 = childGrant(1, g1, 2);
    String g3 = childGrant(2, g2, 3);
    // delegation-service refuses a grant beyond max_depth; token-service a hop beyond the chain.
    expectProblem(
        delegation("POST", "/v1/delegations", token(agents[3], DELEGATION), child(g3, 4)),
        "a fourth hop's grant",
        400);

    String t1 = issued(exchange(1, subjectToken(principal), g1, "task-a"), "hop 1");
    String t2 = issued(exchange(2, t1, g2, "task-b"), "hop 2");
    String t3 = issued(exchange(3, t2, g3, "task-c"), "hop 3");
    JsonNode c = Signet.claims(t3);
    assertEquals(principal.clientId(), c.path("sub").asText());
    assertEquals(agents[3].clientId(), c.path("act").path("sub").asText());
    assertEquals(agents[2].clientId(), c.path("act").path("act").path("sub").asText());
    assertEquals(agents[1].clientId(), c.path("act").path("act").path("act").path("sub").asText());
    assertEquals(p + ".read", c.path("scope").asText(), "narrowed to the grant (read, implied)");
    assertEquals("task-b", c.path("parent_task_id").asText());

    Answer introspected = signet.introspect(t3);
    expectStatus(introspected, "introspect hop 3", 200);
    assertTrue(introspected.json().path("active").asBoolean(), introspected.toString());
    assertEquals(g3, introspected.json().path("grant_id").asText());
    assertEquals(agents[3].clientId(), introspected.json().path("act").path("sub").asText());

    // Agent 4 holds no grant on the chain: hop 4 on hop 3's grant is refused.
    Answer fourth = exchange(4, t3, g3, "task-d");
    expectStatus(fourth, "a fourth hop", 400);
    assertEquals("invalid_grant", fourth.text("error"), fourth.toString());
  }

  @Test
  void aPolicyThatDeniesTheDelegationMakesTokenServiceRefuse() {
    // Its own principal, so the deny touches no other test.
    Client denied = account("sdel-denied", List.of(p + ".write", p + ".read"));
    String grant = rootGrant(denied, 1, 3);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("name", Signet.unique("sdel-deny"));
    policy.put("effect", "deny");
    policy.put("subjects", List.of(denied.clientId()));
    policy.put("actions", List.of("token:delegate"));
    policy.put("resources", List.of(API));
    policy.put("condition", "context.actor == '" + agents[1].clientId() + "'");
    String policyId =
        expectStatus(delegation("POST", "/v1/policies", admin(), policy), "deny policy", 201)
            .text("id");
    String subject = subjectToken(denied);
    Answer refused =
        AttackSuite.within(
            10,
            "token-service refuses the hop the new policy denies",
            () -> exchange(1, subject, grant, "task-deny"),
            a -> a.status() != 200);
    expectStatus(refused, "a denied hop", 400);
    assertEquals("invalid_grant", refused.text("error"), refused.toString());
    assertEquals("Delegation refused by policy.", refused.text("error_description"));

    expectStatus(
        delegation("DELETE", "/v1/policies/" + policyId, admin(), null), "drop the policy", 204);
    AttackSuite.within(
        10,
        "the hop is allowed again once the policy is gone",
        () -> exchange(1, subject, grant, "task-deny"),
        a -> a.status() == 200);
  }

  @Test
  void revokingTheRootEndsEveryDescendantTokenAndTheNextExchange() {
    String g1 = rootGrant(principal, 1, 3);
    String g2 = childGrant(1, g1, 2);
    String subject = subjectToken(principal);
    String t1 = issued(exchange(1, subject, g1, "task-r1"), "hop 1");
    String t2 = issued(exchange(2, t1, g2, "task-r2"), "hop 2");
    assertTrue(signet.active(t2));

    Answer revoked =
        delegation("DELETE", "/v1/delegations/" + g1, token(principal, DELEGATION), null);
    expectStatus(revoked, "revoke the root", 200);
    assertTrue(revoked.body().contains(g2), "the child is revoked with it: " + revoked);

    signet.awaitInactive(t1, 5, "hop 1's token after the root's revocation");
    signet.awaitInactive(t2, 5, "hop 2's token after the root's revocation");
    Answer again = exchange(1, subject, g1, "task-r3");
    expectStatus(again, "an exchange on the revoked grant", 400);
    assertEquals("invalid_grant", again.text("error"), again.toString());
  }

  @Test
  void aPolicyGovernedScopeIsIssuedOnlyWhileAPolicyAllowsIt() {
    String scope = GOVERNED + Signet.unique("deploy");
    Client client = account("sdel-gov", List.of(scope));
    Answer refused = signet.clientCredentials(client, scope, "audience", API);
    expectStatus(refused, "a governed scope no policy allows", 400);
    assertEquals("invalid_scope", refused.text("error"), refused.toString());

    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("name", Signet.unique("sdel-allow"));
    policy.put("effect", "allow");
    policy.put("subjects", List.of(client.clientId()));
    policy.put("actions", List.of(scope));
    policy.put("resources", List.of(API));
    policy.put("condition", "subject.principal_type == 'service_account'");
    String policyId =
        expectStatus(delegation("POST", "/v1/policies", admin(), policy), "allow policy", 201)
            .text("id");
    AttackSuite.within(
        10,
        "the governed scope is issued once a policy allows it",
        () -> signet.clientCredentials(client, scope, "audience", API),
        a -> a.status() == 200);
    expectStatus(
        delegation("DELETE", "/v1/policies/" + policyId, admin(), null), "drop the policy", 204);
    AttackSuite.within(
        10,
        "the governed scope is refused again once the policy is gone",
        () -> signet.clientCredentials(client, scope, "audience", API),
        a -> a.status() == 400);
  }

  // ------------------------------------------------------------------ helpers

  private static Client account(String prefix, List<String> scopes) {
    Map<String, Object> body = Signet.account(prefix, scopes);
    body.put("allowed_audiences", List.of(DELEGATION, API));
    return signet.createAccount(body);
  }

  /** A client_credentials token for one audience. */
  private static String token(Client client, String audience) {
    return signet.accessToken(client, null, "audience", audience);
  }

  private static String subjectToken(Client client) {
    return signet.accessToken(client, p + ".write " + p + ".read", "audience", API);
  }

  private static String admin() {
    return signet.adminToken();
  }

  private static String rootGrant(Client by, int agent, int maxDepth) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_id", agentIds[agent]);
    body.put("scopes", List.of(p + ".read"));
    body.put("audiences", List.of(API));
    body.put("max_depth", maxDepth);
    body.put("expires_at", EXPIRY.toString());
    return expectStatus(
            delegation("POST", "/v1/delegations", token(by, DELEGATION), body), "root grant", 201)
        .text("id");
  }

  private static Map<String, Object> child(String parent, int agent) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_id", agentIds[agent]);
    body.put("parent_id", parent);
    body.put("scopes", List.of(p + ".read"));
    body.put("expires_at", EXPIRY.toString());
    return body;
  }

  /** A child grant of {@code parent}, asked by the agent holding it (agent {@code to - 1}). */
  private static String childGrant(int by, String parent, int to) {
    return expectStatus(
            delegation("POST", "/v1/delegations", token(agents[by], DELEGATION), child(parent, to)),
            "child grant to agent " + to,
            201)
        .text("id");
  }

  /** Agent {@code agent}, with its own token as the actor token, exchanges {@code subject}. */
  private static Answer exchange(int agent, String subject, String grant, String taskId) {
    Client actor = agents[agent];
    return Http.post(suite.tokenUrl() + "/oauth2/token")
        .basic(actor.clientId(), actor.secret())
        .form(
            "grant_type",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token",
            subject,
            "subject_token_type",
            ACCESS,
            "actor_token",
            token(actor, DELEGATION),
            "actor_token_type",
            ACCESS,
            "grant_id",
            grant,
            "task_id",
            taskId)
        .send();
  }

  private static String issued(Answer answer, String what) {
    return expectStatus(answer, what, 200).text("access_token");
  }

  private static Answer putScope(String name, Map<String, Object> body) {
    return delegation("PUT", "/v1/scopes/" + Http.encode(name).replace("+", "%20"), admin(), body);
  }

  private static Answer delegation(String method, String path, String bearer, Object body) {
    Http.Call call =
        switch (method) {
          case "GET" -> Http.get(suite.delegationUrl() + path);
          case "POST" -> Http.post(suite.delegationUrl() + path);
          case "PUT" -> Http.put(suite.delegationUrl() + path);
          case "DELETE" -> Http.delete(suite.delegationUrl() + path);
          default -> throw new IllegalArgumentException(method);
        };
    call.bearer(bearer);
    if (body != null) {
      call.json(body);
    }
    return call.send();
  }
}
