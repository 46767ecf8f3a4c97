package dev.signet.token.decision;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.delegation.DelegationServiceStub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * token-service asks the policy engine before it signs a token with policy-governed scopes (the
 * tests govern {@code governed:*}), over real HTTP to a delegation-service double that speaks the
 * decisions contract ({@link DelegationServiceStub}).
 */
@QuarkusTest
class IssuanceDecisionsTest {

  private static final String API = "https://api.example";
  private static final String OTHER = "https://other.example";

  @Inject TestTokens tokens;

  private Fixtures.Account account;

  @BeforeEach
  void account() {
    tokens.ensureActiveKey();
    account =
        Fixtures.account()
            .scopes("governed:deploy", "governed:read", "plain:read")
            .audiences(API, OTHER)
            .create();
  }

  @AfterEach
  void reset() {
    DelegationServiceStub.POLICIES.clear();
    DelegationServiceStub.decisionsDown = false;
  }

  private List<JsonNode> askedFor(String subject) {
    return DelegationServiceStub.DECISION_REQUESTS.stream()
        .filter(r -> subject.equals(r.path("subject").asText()))
        .toList();
  }

  @Test
  void aGovernedScopeAllowedByPolicyIsIssuedAfterOneDecision() {
    DelegationServiceStub.POLICIES.put("governed:deploy " + API, true);
    account
        .token("scope", "governed:deploy plain:read", "audience", API)
        .then()
        .statusCode(200)
        .body("scope", equalTo("governed:deploy plain:read"));
    List<JsonNode> asked = askedFor(account.clientId);
    assertEquals(1, asked.size());
    JsonNode q = asked.get(0);
    assertEquals("governed:deploy", q.path("action").asText());
    assertEquals(API, q.path("resource").asText());
    assertEquals(account.clientId, q.path("context").path("client_id").asText());
    assertEquals("service_account", q.path("subject_attributes").path("principal_type").asText());
    assertEquals(2, q.path("context").path("scopes").size());
  }

  @Test
  void aGovernedScopeNoPolicyAllowsIsRefusedByTheDefaultDeny() {
    account
        .token("scope", "governed:deploy", "audience", API)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"))
        .body(
            "error_description",
            equalTo("Scope 'governed:deploy' for audience '" + API + "' is refused by policy."))
        .body("access_token", nullValue());
  }

  @Test
  void anExplicitDenyRefusesTheToken() {
    DelegationServiceStub.POLICIES.put("governed:deploy " + API, false);
    account
        .token("scope", "governed:deploy", "audience", API)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void severalGovernedPairsAreAskedInOneBatchAndOneDenyRefusesAll() {
    DelegationServiceStub.POLICIES.put("governed:deploy " + API, true);
    DelegationServiceStub.POLICIES.put("governed:read " + API, true);
    DelegationServiceStub.POLICIES.put("governed:deploy " + OTHER, true);
    int batches = DelegationServiceStub.BATCHES.get();
    account
        .token("scope", "governed:deploy governed:read", "audience", API + " " + OTHER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"))
        .body(
            "error_description",
            equalTo("Scope 'governed:read' for audience '" + OTHER + "' is refused by policy."));
    assertEquals(batches + 1, DelegationServiceStub.BATCHES.get());
    assertEquals(4, askedFor(account.clientId).size());

    DelegationServiceStub.POLICIES.put("governed:read " + OTHER, true);
    account
        .token("scope", "governed:deploy governed:read", "audience", API + " " + OTHER)
        .then()
        .statusCode(200);
  }

  @Test
  void noAnswerFromThePolicyEngineIsA503AndNoToken() {
    DelegationServiceStub.POLICIES.put("governed:deploy " + API, true);
    DelegationServiceStub.decisionsDown = true;
    account
        .token("scope", "governed:deploy", "audience", API)
        .then()
        .statusCode(503)
        .body("error", equalTo("temporarily_unavailable"))
        .body("access_token", nullValue());
  }

  @Test
  void ungovernedScopesAreNotAskedAbout() {
    DelegationServiceStub.decisionsDown = true;
    account.token("scope", "plain:read", "audience", API).then().statusCode(200);
    assertTrue(askedFor(account.clientId).isEmpty());
  }

  @Test
  void aRevokedAllowTakesEffectOnTheNextToken() {
    DelegationServiceStub.POLICIES.put("governed:deploy " + API, true);
    account.token("scope", "governed:deploy", "audience", API).then().statusCode(200);
    DelegationServiceStub.POLICIES.remove("governed:deploy " + API);
    account.token("scope", "governed:deploy", "audience", API).then().statusCode(400);
  }
}
