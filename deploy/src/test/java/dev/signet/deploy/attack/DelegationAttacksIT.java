package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectNoServerError;
import static dev.signet.deploy.attack.Signet.expectProblem;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 1, delegation escalation against the running delegation-service: grants beyond the
 * principal's scopes, children widening their parent, chains past the depth cap or in a cycle,
 * acting on another principal's grant, hostile CEL and hostile identifiers, and tokens without the
 * audience or the scope. Each is refused with problem+json and leaves the tables as they were.
 */
class DelegationAttacksIT extends AttackCases {

  private static final String AUDIENCE = "urn:signet:delegation";
  private static final int AGENTS = 6;

  /** Scope prefix of this run: {@code <p>.read}, {@code <p>.write} (implies read), admin. */
  private static String p;

  private static Client principal;
  private static Client stranger;
  private static final Client[] agentClients = new Client[AGENTS + 1];
  private static final String[] agentIds = new String[AGENTS + 1];
  private static final Instant EXPIRY =
      Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void scopesAgentsAndAccounts() {
    p = Signet.unique("atkd");
    expectStatus(putScope(p + ".read", Map.of()), "define " + p + ".read", 201);
    expectStatus(
        putScope(p + ".write", Map.of("implies", List.of(p + ".read"))), "define write", 201);
    expectStatus(putScope(p + ".admin", Map.of()), "define admin", 201);
    principal = account("atkd-principal", List.of(p + ".write"));
    stranger = account("atkd-stranger", List.of(p + ".write"));
    for (int i = 1; i <= AGENTS; i++) {
      agentClients[i] = account("atkd-agent" + i, List.of(p + ".read"));
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("name", Signet.unique("atkd-agent" + i));
      agent.put("owner_type", "service_account");
      agent.put("owner", principal.clientId());
      agent.put("client_id", agentClients[i].clientId());
      agent.put("allowed_scopes", List.of(p + ".write", p + ".admin"));
      Answer created = expectStatus(post("/v1/agents", admin(), agent), "create agent " + i, 201);
      agentIds[i] = created.text("id");
    }
  }

  // ------------------------------------------------------------------ escalation

  @Test
  void aRootGrantBeyondThePrincipalsScopesIsRefused() {
    long before = grants();
    expectProblem(
        rootGrant(grant(1, null, List.of(p + ".admin"))), "a root grant of an unheld scope", 400);
    expectProblem(
        rootGrant(grant(1, null, List.of(p + ".write", "signet:admin"))),
        "a root grant of signet:admin",
        400);
    expectProblem(
        rootGrant(grant(1, null, List.of(p + ".nosuch"))), "a root grant of an unknown scope", 400);
    assertEquals(before, grants(), "nothing stored");
    // The implied scope is held (write implies read): that one is granted.
    expectStatus(rootGrant(grant(1, null, List.of(p + ".read"))), "implied scope", 201);
  }

  @Test
  void aChildCannotWidenItsParent() {
    String root = id(rootGrant(grant(1, null, List.of(p + ".read"))), "root grant");
    long before = grants();
    expectProblem(
        childGrant(1, grant(2, root, List.of(p + ".write"))), "a child widening scopes", 400, 403);
    Map<String, Object> later = grant(2, root, List.of(p + ".read"));
    later.put("expires_at", EXPIRY.plus(1, ChronoUnit.HOURS).toString());
    expectProblem(childGrant(1, later), "a child outliving its parent", 400);
    Map<String, Object> wider = grant(2, root, List.of(p + ".read"));
    wider.put("audiences", List.of("urn:atk:api", "urn:atk:elsewhere"));
    expectProblem(childGrant(1, wider), "a child adding an audience", 400);
    Map<String, Object> deeper = grant(2, root, List.of(p + ".read"));
    deeper.put("max_depth", 5);
    expectProblem(childGrant(1, deeper), "a child raising max_depth", 400);
    Map<String, Object> resources = grant(2, root, List.of(p + ".read"));
    String narrow = id(rootGrantWithResources(List.of("repo:atk/one/**")), "root with resources");
    resources.put("parent_id", narrow);
    resources.put("resources", List.of("repo:**"));
    expectProblem(childGrant(1, resources), "a child widening resources", 400);
    assertEquals(before + 1, grants(), "only the resource-limited root was stored");
  }

  @Test
  void theDepthCapIsFiveAndHolds() {
    Map<String, Object> six = grant(1, null, List.of(p + ".read"));
    six.put("max_depth", 6);
    long before = grants();
    expectProblem(rootGrant(six), "max_depth 6", 400);
    Map<String, Object> huge = grant(1, null, List.of(p + ".read"));
    huge.put("max_depth", Long.MAX_VALUE);
    expectProblem(rootGrant(huge), "max_depth 2^63-1", 400);
    assertEquals(before, grants());

    Map<String, Object> five = grant(1, null, List.of(p + ".read"));
    five.put("max_depth", 5);
    String parent = id(rootGrant(five), "root with max_depth 5");
    for (int hop = 2; hop <= 5; hop++) {
      parent = id(childGrant(hop - 1, grant(hop, parent, List.of(p + ".read"))), "hop " + hop);
    }
    long chain = grants();
    expectProblem(childGrant(5, grant(6, parent, List.of(p + ".read"))), "a sixth hop", 400);
    assertEquals(chain, grants(), "no sixth hop stored");
  }

  @Test
  void aCycleIsRefused() {
    String g1 = id(rootGrant(grant(1, null, List.of(p + ".read"))), "root");
    String g2 = id(childGrant(1, grant(2, g1, List.of(p + ".read"))), "hop 2");
    long before = grants();
    expectProblem(childGrant(2, grant(1, g2, List.of(p + ".read"))), "back to agent 1", 400);
    expectProblem(childGrant(2, grant(2, g2, List.of(p + ".read"))), "agent 2 to itself", 400);
    assertEquals(before, grants());
  }

  @Test
  void nobodyActsOnAnotherPrincipalsGrant() {
    String g1 = id(rootGrant(grant(1, null, List.of(p + ".read"))), "root");
    long before = grants();
    String strangerToken = token(stranger, p + ".write");
    // Not its actor: agent 3 and the stranger cannot derive from it.
    expectProblem(childGrant(3, grant(4, g1, List.of(p + ".read"))), "agent 3 derives", 403);
    expectProblem(
        call("POST", "/v1/delegations", strangerToken, grant(4, g1, List.of(p + ".read"))),
        "a stranger derives",
        403);
    // Nor read or revoke it.
    expectProblem(call("GET", "/v1/delegations/" + g1, strangerToken, null), "read", 404);
    expectProblem(call("DELETE", "/v1/delegations/" + g1, strangerToken, null), "revoke", 403, 404);
    expectProblem(
        call("DELETE", "/v1/delegations/" + g1, token(agentClients[3], p + ".read"), null),
        "agent 3 revokes",
        403,
        404);
    assertEquals(before, grants());
    assertEquals(0, revokedCount(g1), "not revoked");
    Answer listed = call("GET", "/v1/delegations", strangerToken, null);
    expectStatus(listed, "the stranger's own list", 200);
    assertTrue(!listed.body().contains(g1), "the stranger's list does not show it: " + listed);
  }

  // ------------------------------------------------------------------ CEL conditions

  @Test
  void conditionsThatDoNotCompileAreRefusedWithTheirPosition() {
    long before = policies();
    Answer broken = createPolicy(policy("subject.id ==\n  unknown_var"));
    expectProblem(broken, "a condition that does not compile", 400);
    String detail = broken.text("detail").toLowerCase(Locale.ROOT);
    assertTrue(
        detail.contains("line") && detail.contains("column"), "names the position: " + broken);
    expectProblem(createPolicy(policy("1 + ")), "a truncated condition", 400);
    expectProblem(createPolicy(policy("'a' + 1 == 'a1'")), "a type error", 400);
    expectProblem(createPolicy(policy("action")), "a condition that is no bool", 400);
    assertEquals(before, policies(), "nothing stored");
  }

  @Test
  void conditionsThatTryToLoopOrAreHugeAreRefused() {
    long before = policies();
    // CEL has no loops; the nearest thing is macros nested past the cap of 32.
    StringBuilder nested = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      nested.append("[1, 2].all(x").append(i).append(", ");
    }
    nested.append("true").append(")".repeat(40));
    expectProblem(createPolicy(policy(nested.toString())), "macros nested 40 deep", 400);
    expectProblem(
        createPolicy(policy("(".repeat(200) + "true" + ")".repeat(200))), "200 parentheses", 400);
    expectProblem(
        createPolicy(policy("true || " + "action == 'x' || ".repeat(400) + "false")),
        "a condition of 8,000 characters",
        400);
    Answer megabyte = createPolicy(policy("'" + "a".repeat(1024 * 1024) + "' == action"));
    expectNoServerError(megabyte, "a 1 MB condition");
    assertTrue(megabyte.status() >= 400, "a 1 MB condition is refused: " + megabyte);
    assertEquals(before, policies(), "nothing stored");
  }

  // ------------------------------------------------------------------ hostile identifiers

  private static final List<String> HOSTILE =
      List.of(
          "nul\u0000byte",
          "line\nbreak",
          "bell\u0007",
          "esc\u001b[31m",
          "x".repeat(5000),
          "'; DROP TABLE scopes; --");

  @Test
  void hostileScopeNamesAreRefused() {
    long before = count("scopes");
    List<String> names = new ArrayList<>(HOSTILE);
    names.add(p + ".p\u0430ypal"); // Cyrillic а in an ASCII name
    names.add("../" + p);
    for (String name : names) {
      // Over its own socket: a URL past the server's initial-line limit is answered and the
      // connection closed, which a pooled client connection would trip over on the next call.
      Answer answer =
          Http.raw(
              suite.delegationUrl(),
              "PUT",
              "/v1/scopes/" + Http.encode(name).replace("+", "%20"),
              List.of("Authorization: Bearer " + admin(), "Content-Type: application/json"),
              "{}");
      expectNoServerError(answer, "scope name " + shown(name));
      assertTrue(answer.status() >= 400, "scope " + shown(name) + " refused: " + answer);
    }
    for (String implied : names) {
      expectProblem(
          putScope(p + ".x", Map.of("implies", List.of(implied))),
          "implied scope " + shown(implied),
          400);
    }
    assertEquals(before, count("scopes"), "nothing stored");
  }

  @Test
  void hostilePolicyValuesAreRefused() {
    long before = policies();
    for (String value : HOSTILE) {
      for (String field : List.of("name", "subjects", "actions", "resources")) {
        Map<String, Object> body = policy(null);
        body.put(field, field.equals("name") ? value : List.of(value));
        if (value.startsWith("'")) {
          continue; // SQL in a glob is an ordinary (literal) glob; the other values are not.
        }
        expectProblem(createPolicy(body), "policy " + field + " " + shown(value), 400);
      }
    }
    assertEquals(before, policies(), "nothing stored");
  }

  @Test
  void hostileAgentValuesAreRefused() {
    long before = count("agent_credentials");
    for (String value : HOSTILE) {
      if (value.startsWith("'")) {
        continue;
      }
      for (String field : List.of("name", "owner", "client_id", "capabilities", "allowed_scopes")) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", Signet.unique("atkd-hostile"));
        body.put("owner_type", "user");
        body.put("owner", "user:atk");
        body.put("client_id", Signet.unique("atkd-hostile"));
        body.put("allowed_scopes", List.of(p + ".read"));
        body.put(
            field,
            field.equals("capabilities") || field.equals("allowed_scopes")
                ? List.of(value)
                : value);
        expectProblem(
            post("/v1/agents", admin(), body), "agent " + field + " " + shown(value), 400);
      }
    }
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("name", Signet.unique("atkd-hostile"));
    owner.put("owner_type", "robot");
    owner.put("owner", "user:atk");
    owner.put("client_id", Signet.unique("atkd-hostile"));
    expectProblem(post("/v1/agents", admin(), owner), "an unknown owner_type", 400);
    assertEquals(before, count("agent_credentials"), "nothing stored");
  }

  @Test
  void hostileGrantValuesAreRefused() {
    long before = grants();
    for (String value : HOSTILE) {
      for (String field : List.of("scopes", "audiences", "resources")) {
        if (value.startsWith("'") && !field.equals("scopes")) {
          continue; // an ordinary string as an audience or a glob, bound as a parameter
        }
        Map<String, Object> body = grant(1, null, List.of(p + ".read"));
        body.put(field, List.of(value));
        expectProblem(rootGrant(body), "grant " + field + " " + shown(value), 400);
      }
    }
    for (String id : List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000\u0000", "")) {
      expectProblem(
          call(
              "POST",
              "/v1/delegations",
              token(principal, p + ".write"),
              Map.of(
                  "agent_id", id, "scopes", List.of(p + ".read"), "expires_at", EXPIRY.toString())),
          "agent_id " + shown(id),
          400);
    }
    Map<String, Object> unknownParent =
        grant(2, UUID.randomUUID().toString(), List.of(p + ".read"));
    expectProblem(childGrant(1, unknownParent), "an unknown parent", 400, 403, 404);
    Map<String, Object> far = grant(1, null, List.of(p + ".read"));
    far.put("expires_at", "+999999999-12-31T23:59:59Z");
    expectProblem(rootGrant(far), "an expiry in the year 999999999", 400);
    Map<String, Object> past = grant(1, null, List.of(p + ".read"));
    past.put("expires_at", "1970-01-01T00:00:00Z");
    expectProblem(rootGrant(past), "an expiry in 1970", 400);
    expectProblem(
        call("GET", "/v1/delegations/" + Http.encode("x\u0000y"), admin(), null),
        "NUL id",
        400,
        404);
    assertEquals(before, grants(), "nothing stored");
  }

  @Test
  void mixedScriptIdentifiersNeverBecomeSomeoneElse() {
    // Cyrillic а (U+0430) in otherwise Latin text. Free-text names may hold it; what matters is
    // that it is kept exactly (no folding onto the Latin look-alike) and that no token can ever
    // act as such an agent: admin-api's client ids are ASCII.
    String confusable = Signet.unique("atkd-p\u0430ypal");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", confusable);
    body.put("owner_type", "user");
    body.put("owner", "user:" + confusable);
    body.put("client_id", confusable);
    body.put("allowed_scopes", List.of(p + ".read"));
    Answer agent = expectNoServerError(post("/v1/agents", admin(), body), "mixed-script agent");
    if (agent.status() == 201) {
      assertEquals(confusable, agent.text("client_id"), "kept exactly: " + agent);
      assertEquals(confusable, agent.text("name"));
    } else {
      expectProblem(agent, "mixed-script agent", 400);
    }
    Map<String, Object> account = Signet.account("atkd-x", List.of(p + ".read"));
    account.put("client_id", confusable);
    expectProblem(
        signet.createAccount(signet.adminToken(), account), "a mixed-script client id", 400);
    signet.expectNoAccount(confusable, "a mixed-script client id");

    Map<String, Object> policy = policy(null);
    policy.put("name", confusable);
    Answer stored = expectNoServerError(createPolicy(policy), "mixed-script policy name");
    if (stored.status() == 201) {
      assertEquals(confusable, stored.text("name"), "kept exactly: " + stored);
    } else {
      expectProblem(stored, "mixed-script policy name", 400);
    }
    Map<String, Object> grant = grant(1, null, List.of(p + ".read"));
    grant.put("audiences", List.of("urn:" + confusable));
    Answer granted = expectNoServerError(rootGrant(grant), "mixed-script audience");
    if (granted.status() == 201) {
      assertEquals(
          List.of("urn:" + confusable), Signet.texts(granted.json().path("audiences")), "exact");
    } else {
      expectProblem(granted, "mixed-script audience", 400);
    }
  }

  // ------------------------------------------------------------------ tokens

  @Test
  void aTokenForAnotherAudienceOpensNothing() {
    // No allowed audience listed: its token names the issuer only, not urn:signet:delegation.
    Client elsewhere = signet.createAccount("atkd-elsewhere", List.of(p + ".write"));
    String token = signet.accessToken(elsewhere, p + ".write");
    String adminForAdminApiOnly =
        signet.accessToken(signet.admin(), "signet:admin", "resource", "urn:signet:admin");
    long before = grants();
    for (String bearer : List.of(token, adminForAdminApiOnly, "not-a-jwt")) {
      for (String[] endpoint : endpoints()) {
        expectProblem(
            call(endpoint[0], endpoint[1], bearer, body(endpoint[2])),
            endpoint[0] + " " + endpoint[1] + " with a token for another audience",
            401);
      }
    }
    assertEquals(before, grants());
  }

  @Test
  void aTokenWithoutTheScopeIsForbidden() {
    String plain = token(principal, p + ".write");
    long scopes = count("scopes");
    long policies = policies();
    long agents = count("agent_credentials");
    for (String[] endpoint : endpoints()) {
      if (endpoint[1].equals("/v1/delegations")) {
        continue; // any authenticated caller lists and creates its own grants
      }
      expectProblem(
          call(endpoint[0], endpoint[1], plain, body(endpoint[2])),
          endpoint[0] + " " + endpoint[1] + " without the scope",
          403);
    }
    assertEquals(scopes, count("scopes"));
    assertEquals(policies, policies());
    assertEquals(agents, count("agent_credentials"));
  }

  @Test
  void decisionsAnswerOnlyInternalCallers() {
    Map<String, Object> question =
        Map.of("subject", "user:atk", "action", "repo:read", "resource", "repo:atk/x");
    for (String bearer : List.of(admin(), token(principal, p + ".write"))) {
      expectProblem(call("POST", "/internal/v1/decisions", bearer, question), "a decision", 403);
      expectProblem(
          call(
              "POST",
              "/internal/v1/decisions/batch",
              bearer,
              Map.of("requests", List.of(question))),
          "a batch decision",
          403);
      expectProblem(
          call(
              "POST",
              "/internal/v1/delegations/check",
              bearer,
              Map.of("principal", "a", "actor", "b")),
          "a delegation check",
          403);
    }
    String internal = signet.accessToken(suite.processes.internal("token"), "signet:internal");
    expectStatus(
        call("POST", "/internal/v1/decisions", internal, question), "the internal account", 200);
  }

  // ------------------------------------------------------------------ helpers

  /** Method, path, body kind of every admin and internal endpoint. */
  private static List<String[]> endpoints() {
    String any = UUID.randomUUID().toString();
    return List.of(
        new String[] {"GET", "/v1/scopes", null},
        new String[] {"PUT", "/v1/scopes/" + p + ".zzz", "scope"},
        new String[] {"DELETE", "/v1/scopes/" + p + ".read", null},
        new String[] {"POST", "/v1/scopes/expand", "expand"},
        new String[] {"GET", "/v1/policies", null},
        new String[] {"POST", "/v1/policies", "policy"},
        new String[] {"PUT", "/v1/policies/" + any, "policy"},
        new String[] {"DELETE", "/v1/policies/" + any, null},
        new String[] {"GET", "/v1/agents", null},
        new String[] {"POST", "/v1/agents", "agent"},
        new String[] {"PUT", "/v1/agents/" + agentIds[1], "agent"},
        new String[] {"GET", "/v1/tools", null},
        new String[] {"POST", "/v1/tools", "tool"},
        new String[] {"PUT", "/v1/agents/" + agentIds[1] + "/tools/" + any, "none"},
        new String[] {"POST", "/internal/v1/decisions", "decision"},
        new String[] {"POST", "/internal/v1/agents/" + agentIds[1] + "/outcomes", "outcome"},
        new String[] {"POST", "/internal/v1/tools/" + any + "/check", "toolcheck"},
        new String[] {"GET", "/v1/delegations", null},
        new String[] {"POST", "/v1/delegations", "grant"});
  }

  private static Object body(String kind) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "scope" -> Map.of();
      case "none" -> null;
      case "expand" -> Map.of("scopes", List.of(p + ".write"));
      case "policy" -> policy(null);
      case "agent" ->
          Map.of(
              "name",
              Signet.unique("atkd-x"),
              "owner_type",
              "user",
              "owner",
              "user:atk",
              "client_id",
              Signet.unique("atkd-x"));
      case "tool" -> Map.of("name", Signet.unique("atkd-tool"), "category", "x");
      case "decision" -> Map.of("subject", "user:atk", "action", "a", "resource", "r");
      case "outcome" -> Map.of("issued", 1, "succeeded", 1, "failed", 0);
      case "toolcheck" -> Map.of("subject", "x", "scopes", List.of());
      case "grant" -> grant(1, null, List.of(p + ".read"));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static Client account(String prefix, List<String> scopes) {
    Map<String, Object> body = Signet.account(prefix, scopes);
    body.put("allowed_audiences", List.of(AUDIENCE));
    return signet.createAccount(body);
  }

  private static String token(Client client, String scope) {
    return signet.accessToken(client, scope);
  }

  private static String admin() {
    return signet.adminToken();
  }

  private static Map<String, Object> grant(int agent, String parent, List<String> scopes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_id", agentIds[agent]);
    if (parent != null) {
      body.put("parent_id", parent);
    }
    body.put("scopes", scopes);
    body.put("audiences", List.of("urn:atk:api"));
    body.put("expires_at", EXPIRY.toString());
    return body;
  }

  private static Answer rootGrant(Map<String, Object> body) {
    return call("POST", "/v1/delegations", token(principal, p + ".write"), body);
  }

  private static Answer rootGrantWithResources(List<String> resources) {
    Map<String, Object> body = grant(1, null, List.of(p + ".read"));
    body.put("resources", resources);
    return rootGrant(body);
  }

  private static Answer childGrant(int byAgent, Map<String, Object> body) {
    return call("POST", "/v1/delegations", token(agentClients[byAgent], p + ".read"), body);
  }

  private static String id(Answer answer, String what) {
    return expectStatus(answer, what, 201).text("id");
  }

  private static Map<String, Object> policy(String condition) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", Signet.unique("atkd-policy"));
    body.put("effect", "allow");
    body.put("subjects", List.of("user:*"));
    body.put("actions", List.of("repo:read"));
    body.put("resources", List.of("repo:atk/**"));
    if (condition != null) {
      body.put("condition", condition);
    }
    return body;
  }

  private static Answer createPolicy(Map<String, Object> body) {
    return post("/v1/policies", admin(), body);
  }

  private static Answer putScope(String name, Map<String, Object> body) {
    return call("PUT", "/v1/scopes/" + Http.encode(name).replace("+", "%20"), admin(), body);
  }

  private static Answer post(String path, String bearer, Object body) {
    return call("POST", path, bearer, body);
  }

  private static Answer call(String method, String path, String bearer, Object body) {
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

  private static long grants() {
    return count("delegation_grants");
  }

  private static long policies() {
    return count("policies");
  }

  private static long count(String table) {
    return signet.count("SELECT count(*) FROM " + table);
  }

  private static long revokedCount(String grantId) {
    return signet.count(
        "SELECT count(*) FROM delegation_grants WHERE id = ?::uuid AND revoked_at IS NOT NULL",
        grantId);
  }

  /** A value for a failure message: control characters shown as escapes, long ones cut. */
  private static String shown(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(40)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return "'" + out + (value.length() > 40 ? "...(" + value.length() + ")" : "") + "'";
  }
}
