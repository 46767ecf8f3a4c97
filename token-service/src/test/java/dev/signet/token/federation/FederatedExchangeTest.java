package dev.signet.token.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.Fixtures;
import dev.signet.token.exchange.TokenExchangeGrant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federated token exchange through /oauth2/token against a real local OIDC issuer minting GitHub
 * Actions and Kubernetes shaped tokens (issue 14, "Tests must show").
 */
@QuarkusTest
class FederatedExchangeTest {

  static final String DEPLOY = "https://deploy.example";

  @Inject TestTokens tokens;

  TestOidcIssuer issuer;
  Fixtures.Account principal;
  String audience;
  String trustId;

  @BeforeEach
  void start() throws Exception {
    tokens.ensureActiveKey();
    issuer = new TestOidcIssuer();
    principal = Fixtures.account().scopes("deploy:read").create();
    audience = "signet-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  // ---------------------------------------------------------------- trusts

  private String createTrust(String kind, Map<String, Object> rule) {
    Map<String, Object> trust = new HashMap<>();
    trust.put("name", "trust-" + audience);
    trust.put("kind", kind);
    trust.put("issuer", issuer.issuer());
    trust.put("audience", audience);
    trust.put("rules", List.of(rule));
    trustId =
        given()
            .auth()
            .oauth2(tokens.bearer(Fixtures.activeAccount("trust-admin"), "signet:tokens:admin"))
            .contentType("application/json")
            .body(trust)
            .when()
            .post("/v1/federation/trusts")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return trustId;
  }

  private void githubTrust() {
    Map<String, Object> rule = new HashMap<>();
    rule.put("name", "main");
    rule.put("subject", "repo:acme/api:**");
    rule.put(
        "claims",
        Map.of(
            "repository_owner_id", List.of("1001"),
            "repository_id", List.of("2002"),
            "ref", List.of("refs/heads/main", "refs/tags/v*")));
    rule.put("principal", principal.clientId);
    rule.put("scopes", List.of("deploy:read", "deploy:write"));
    rule.put("audiences", List.of(DEPLOY));
    rule.put("max_ttl_seconds", 600);
    createTrust("github_actions", rule);
  }

  private void kubernetesTrust() {
    Map<String, Object> rule = new HashMap<>();
    rule.put("name", "payments");
    rule.put("subject", "system:serviceaccount:payments:*");
    rule.put("claims", Map.of());
    rule.put("principal", principal.clientId);
    rule.put("scopes", List.of("payments:run"));
    rule.put("audiences", List.of(DEPLOY));
    rule.put("max_ttl_seconds", 900);
    createTrust("kubernetes", rule);
  }

  // ---------------------------------------------------------------- tokens

  static long now() {
    return Instant.now().getEpochSecond();
  }

  /** The claims GitHub Actions puts in a job's OIDC token for a push to main. */
  Map<String, Object> github(String sub) {
    Map<String, Object> c = new HashMap<>();
    c.put("jti", UUID.randomUUID().toString());
    c.put("sub", sub);
    c.put("aud", audience);
    c.put("ref", "refs/heads/main");
    c.put("sha", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
    c.put("repository", "acme/api");
    c.put("repository_owner", "acme");
    c.put("repository_owner_id", "1001");
    c.put("repository_id", "2002");
    c.put("repository_visibility", "private");
    c.put("run_id", "7700112233");
    c.put("run_number", "42");
    c.put("run_attempt", "1");
    c.put("actor", "octocat");
    c.put("actor_id", "583231");
    c.put("workflow", "deploy");
    c.put("event_name", "push");
    c.put("ref_type", "branch");
    c.put("ref_protected", "true");
    c.put("workflow_ref", "acme/api/.github/workflows/deploy.yml@refs/heads/main");
    c.put("job_workflow_ref", "acme/api/.github/workflows/deploy.yml@refs/heads/main");
    c.put("runner_environment", "github-hosted");
    c.put("iss", issuer.issuer());
    long now = now();
    c.put("nbf", now - 5);
    c.put("iat", now - 5);
    c.put("exp", now + 300);
    return c;
  }

  Map<String, Object> githubMain() {
    return github("repo:acme/api:ref:refs/heads/main");
  }

  /** A projected service-account token of a pod, as the kubelet mints it. */
  Map<String, Object> kubernetes(String namespace, String serviceAccount) {
    Map<String, Object> c = new HashMap<>();
    long now = now();
    c.put("aud", List.of(audience));
    c.put("exp", now + 600);
    c.put("iat", now);
    c.put("nbf", now);
    c.put("iss", issuer.issuer());
    c.put("jti", UUID.randomUUID().toString());
    c.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
    c.put(
        "kubernetes.io",
        Map.of(
            "namespace", namespace,
            "node", Map.of("name", "ip-10-0-1-7.ec2.internal", "uid", UUID.randomUUID().toString()),
            "pod", Map.of("name", serviceAccount + "-7d9f8-x2x", "uid", "pod-uid-1"),
            "serviceaccount", Map.of("name", serviceAccount, "uid", "sa-uid-1"),
            "warnafter", now + 300));
    return c;
  }

  String signed(Map<String, Object> claims) throws Exception {
    return TestOidcIssuer.sign(issuer.newest(), claims);
  }

  static String withHeader(PublicJsonWebKey key, String kid, Map<String, Object> claims)
      throws Exception {
    JwtClaims jwt = new JwtClaims();
    claims.forEach(jwt::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setKey(key.getPrivateKey());
    if (kid != null) {
      jws.setKeyIdHeaderValue(kid);
    }
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  static Response exchange(String subjectToken, String... pairs) {
    var spec =
        given()
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", subjectToken)
            .formParam("subject_token_type", TokenExchangeGrant.JWT_TYPE);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      spec = spec.formParam(pairs[i], pairs[i + 1]);
    }
    return spec.when().post("/oauth2/token");
  }

  /** Asserts an invalid_grant naming {@code check}, and the audit event that says the same. */
  void refusedFor(String token, String check) {
    exchange(token)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", org.hamcrest.Matchers.notNullValue());
    assertTrue(
        refusals().contains(check), "audited checks " + refusals() + " lack '" + check + "'");
  }

  List<String> refusals() {
    return Fixtures.column(
        "SELECT "
            + Fixtures.EVENT
            + "->'attributes'->>'check' FROM outbox WHERE event_type = 'token.exchange_refused'"
            + " AND "
            + Fixtures.EVENT
            + "->'attributes'->>'issuer' = ? ORDER BY seq",
        issuer.issuer());
  }

  static JwtClaims verified(String jwt) throws Exception {
    return Fixtures.verifyWithPublishedKeys(jwt, "http://127.0.0.1:8081", DEPLOY);
  }

  // ---------------------------------------------------------------- good paths

  @Test
  @SuppressWarnings("unchecked")
  void anAllowedRepositoryAndRefPassInBothSubFormatsWithProvenanceAndNoRefreshToken()
      throws Exception {
    githubTrust();
    for (String sub :
        List.of(
            "repo:acme/api:ref:refs/heads/main", "repo:acme@1001/api@2002:ref:refs/heads/main")) {
      String jwt =
          exchange(signed(github(sub)), "scope", "deploy:write")
              .then()
              .statusCode(200)
              .header("Cache-Control", "no-store")
              .body("issued_token_type", equalTo(TokenExchangeGrant.ACCESS_TOKEN_TYPE))
              .body("refresh_token", nullValue())
              .body("scope", equalTo("deploy:write"))
              .extract()
              .path("access_token");
      JwtClaims claims = verified(jwt);
      assertEquals(principal.clientId, claims.getSubject());
      assertEquals(
          SignetClaims.PRINCIPAL_CI_JOB, claims.getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE));
      Map<String, Object> fed = (Map<String, Object>) claims.getClaimValue(SignetClaims.FEDERATION);
      assertEquals(Map.of("trust", trustId, "rule", "main", "iss", issuer.issuer()), fed);
      Map<String, Object> prov =
          (Map<String, Object>) claims.getClaimValue(SignetClaims.PROVENANCE);
      assertEquals("acme/api", prov.get("repository"));
      assertEquals("2002", prov.get("repository_id"));
      assertEquals("7700112233", prov.get("run_id"));
      assertEquals("refs/heads/main", prov.get("ref"));
      assertEquals("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", prov.get("sha"));
      assertEquals(
          "acme/api/.github/workflows/deploy.yml@refs/heads/main", prov.get("job_workflow_ref"));
    }
  }

  @Test
  void anEs256TokenPassesAndTheTokenIntrospectsActive() throws Exception {
    githubTrust();
    String jwt =
        exchange(TestOidcIssuer.sign(issuer.newestEc(), githubMain()))
            .then()
            .statusCode(200)
            .body("scope", equalTo("deploy:read deploy:write"))
            .extract()
            .path("access_token");
    Fixtures.account()
        .create()
        .introspect(jwt)
        .then()
        .statusCode(200)
        .body("active", equalTo(true));
  }

  @Test
  void theTokenNeverOutlivesTheExternalOne() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("exp", now() + 120);
    int expiresIn =
        exchange(signed(claims))
            .then()
            .statusCode(200)
            .body("expires_in", lessThanOrEqualTo(120))
            .extract()
            .path("expires_in");
    assertTrue(expiresIn > 60, "expires_in " + expiresIn);
  }

  @Test
  void anAuthenticatedClientMayExchangeAndTheTokenNamesIt() throws Exception {
    githubTrust();
    Fixtures.Account client = Fixtures.account().create();
    String jwt =
        given()
            .auth()
            .preemptive()
            .basic(client.clientId, client.secret)
            .formParam("grant_type", TokenExchangeGrant.GRANT)
            .formParam("subject_token", signed(githubMain()))
            .formParam("subject_token_type", TokenExchangeGrant.JWT_TYPE)
            .when()
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    JwtClaims claims = verified(jwt);
    assertEquals(client.clientId, claims.getClaimValueAsString(SignetClaims.CLIENT_ID));
    assertEquals(principal.clientId, claims.getSubject());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKubernetesServiceAccountPassesAsAWorkloadWithItsPod() throws Exception {
    kubernetesTrust();
    String jwt =
        exchange(signed(kubernetes("payments", "runner")))
            .then()
            .statusCode(200)
            .body("scope", equalTo("payments:run"))
            .extract()
            .path("access_token");
    JwtClaims claims = verified(jwt);
    assertEquals(
        SignetClaims.PRINCIPAL_WORKLOAD, claims.getClaimValueAsString(SignetClaims.PRINCIPAL_TYPE));
    Map<String, Object> prov = (Map<String, Object>) claims.getClaimValue(SignetClaims.PROVENANCE);
    assertEquals("payments", prov.get("namespace"));
    assertEquals("runner", prov.get("service_account"));
    assertEquals("runner-7d9f8-x2x", prov.get("pod"));
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void aWrongOrganisationIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = github("repo:evil/api:ref:refs/heads/main");
    claims.put("repository_owner", "evil");
    claims.put("repository_owner_id", "666");
    claims.put("repository", "evil/api");
    refusedFor(signed(claims), "rule");
    assertEquals(
        List.of("main: sub"),
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "->'attributes'->>'detail' FROM outbox WHERE event_type ="
                + " 'token.exchange_refused' AND "
                + Fixtures.EVENT
                + "->'attributes'->>'issuer' = ?",
            issuer.issuer()));
  }

  @Test
  void anUnprotectedRefIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = github("repo:acme/api:ref:refs/heads/feature");
    claims.put("ref", "refs/heads/feature");
    exchange(signed(claims))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("claim:ref"));
    assertEquals(List.of("rule"), refusals());
  }

  @Test
  void pullRequestTargetIsRefusedUnlessNamed() throws Exception {
    githubTrust();
    Map<String, Object> claims = github("repo:acme/api:pull_request");
    claims.put("event_name", "pull_request_target");
    exchange(signed(claims))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("event_name"));
    assertEquals(List.of("rule"), refusals());
  }

  @Test
  void theDefaultServiceAccountIsRefusedUnlessNamed() throws Exception {
    kubernetesTrust();
    exchange(signed(kubernetes("payments", "default")))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", containsString("default_service_account"));
    assertEquals(List.of("rule"), refusals());
  }

  @Test
  void aWrongAudienceIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("aud", "https://github.com/acme");
    refusedFor(signed(claims), "aud");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("iat", now() - 600);
    claims.put("nbf", now() - 600);
    claims.put("exp", now() - 60);
    refusedFor(signed(claims), "exp");
  }

  @Test
  void aFutureNbfIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("nbf", now() + 120);
    refusedFor(signed(claims), "nbf");
  }

  @Test
  void aFutureIatIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("iat", now() + 120);
    claims.remove("nbf");
    refusedFor(signed(claims), "iat");
  }

  @Test
  void aTokenLongerLivedThanTheCapIsRefused() throws Exception {
    githubTrust();
    Map<String, Object> claims = githubMain();
    claims.put("exp", now() + 2 * 3600);
    refusedFor(signed(claims), "lifetime");
  }

  @Test
  void aTokenWithoutKidIsRefused() throws Exception {
    githubTrust();
    refusedFor(withHeader(issuer.newest(), null, githubMain()), "kid");
  }

  @Test
  void anUnknownKidIsRefusedAfterOneFetch() throws Exception {
    githubTrust();
    refusedFor(withHeader(issuer.newest(), "nobody-has-this-kid", githubMain()), "kid_unknown");
    assertEquals(1, issuer.jwksFetches());
  }

  @Test
  void hs256IsRefused() throws Exception {
    githubTrust();
    JwtClaims jwt = new JwtClaims();
    githubMain().forEach(jwt::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setKey(new HmacKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    jws.setKeyIdHeaderValue(issuer.newest().getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    refusedFor(jws.getCompactSerialization(), "alg");
  }

  @Test
  void algNoneIsRefused() throws Exception {
    githubTrust();
    JwtClaims jwt = new JwtClaims();
    githubMain().forEach(jwt::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    jws.setKeyIdHeaderValue(issuer.newest().getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    refusedFor(jws.getCompactSerialization(), "alg");
  }

  @Test
  void aTamperedSignatureIsRefused() throws Exception {
    githubTrust();
    String token = signed(githubMain());
    String[] parts = token.split("\\.");
    Map<String, Object> other = githubMain();
    other.put("repository_id", "2002");
    other.put("sub", "repo:acme/api:ref:refs/heads/main");
    JwtClaims forgedClaims = new JwtClaims();
    other.forEach(forgedClaims::setClaim);
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(forgedClaims.toJson().getBytes(StandardCharsets.UTF_8));
    String forged = parts[0] + "." + payload + "." + parts[2];
    refusedFor(forged, "signature");
  }

  @Test
  void aReplayedTokenIsRefused() throws Exception {
    githubTrust();
    String token = signed(githubMain());
    exchange(token).then().statusCode(200);
    refusedFor(token, "replay");
  }

  @Test
  void anUnknownIssuerIsRefused() throws Exception {
    refusedFor(signed(githubMain()), "issuer");
  }

  @Test
  void aScopeTheRuleDoesNotGrantIsInvalidScope() throws Exception {
    githubTrust();
    exchange(signed(githubMain()), "scope", "deploy:admin")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    exchange(signed(githubMain()), "audience", "https://elsewhere.example")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void garbageSubjectTokensAreInvalidGrantNotServerErrors() {
    for (String garbage :
        List.of(
            "not-a-jwt",
            "a.b.c",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOjEyM30.c2ln",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJodHRwczovL1x1MDQzMFx1MDQzMC5leGFtcGxlIn0.c2ln")) {
      exchange(garbage).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }
    // Oversized and NUL-bearing values are refused by the form reader before any check.
    for (String hostile : List.of("x".repeat(20_000), "eyJhbGciOiJSUzI1NiJ9.\u0000.sig")) {
      exchange(hostile)
          .then()
          .statusCode(400)
          .body("error", org.hamcrest.Matchers.startsWith("invalid_"));
    }
  }

  @Test
  void aFloodOfRandomKidsReachesTheIssuerAtMostOncePerInterval() throws Exception {
    githubTrust();
    exchange(signed(githubMain())).then().statusCode(200);
    assertEquals(1, issuer.jwksFetches());
    List<String> flood = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      flood.add(withHeader(issuer.newest(), UUID.randomUUID().toString(), githubMain()));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (String token : flood) {
        answers.add(pool.submit(() -> exchange(token).statusCode()));
      }
      for (java.util.concurrent.Future<Integer> answer : answers) {
        assertEquals(400, answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(issuer.jwksFetches() <= 2, "JWKS fetched " + issuer.jwksFetches() + " times");
  }

  // ---------------------------------------------------------------- explain

  private Response explain(Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("trust-reader"), "signet:tokens:read"))
        .contentType("application/json")
        .body(body)
        .when()
        .post("/v1/federation/trusts/" + trustId + "/explain");
  }

  @Test
  void explainNamesTheMatchingRuleAndIssuesNothing() throws Exception {
    githubTrust();
    String token = signed(githubMain());
    explain(Map.of("token", token))
        .then()
        .statusCode(200)
        .body("matched", equalTo(true))
        .body("rule", equalTo("main"))
        .body("token.valid", equalTo(true))
        .body("rules[0].matched", equalTo(true));
    assertEquals(0, issuedFor(issuer.issuer()));
    // The dry run used nothing up: the same token still exchanges, once.
    exchange(token).then().statusCode(200);
    dev.signet.common.testing.Eventually.until(
        java.time.Duration.ofSeconds(10),
        "the exchange's token.issued event",
        () -> issuedFor(issuer.issuer()) == 1);
  }

  static int issuedFor(String issuer) {
    return Fixtures.column(
            "SELECT event_id::text FROM outbox WHERE event_type = 'token.issued' AND "
                + Fixtures.EVENT
                + "->'attributes'->>'issuer' = ?",
            issuer)
        .size();
  }

  @Test
  void explainNamesTheFirstFailedConditionOfEachRule() throws Exception {
    githubTrust();
    Map<String, Object> claims = github("repo:acme/api:ref:refs/heads/feature");
    claims.put("ref", "refs/heads/feature");
    claims.put("exp", now() - 120);
    explain(Map.of("token", signed(claims)))
        .then()
        .statusCode(200)
        .body("matched", equalTo(false))
        .body("token.valid", equalTo(false))
        .body("token.check", equalTo("exp"))
        .body("rules[0].rule", equalTo("main"))
        .body("rules[0].matched", equalTo(false))
        .body("rules[0].check", equalTo("claim:ref"));
    Map<String, Object> prt = github("repo:acme/api:pull_request");
    prt.put("event_name", "pull_request_target");
    explain(Map.of("claims", prt))
        .then()
        .statusCode(200)
        .body("matched", equalTo(false))
        .body("token", nullValue())
        .body("rules[0].check", equalTo("event_name"));
  }

  @Test
  void explainRefusesBadInputAsProblems() throws Exception {
    githubTrust();
    explain(Map.of()).then().statusCode(400).contentType("application/problem+json");
    explain(Map.of("token", "not-a-jwt")).then().statusCode(400);
    explain(Map.of("token", signed(githubMain()), "claims", Map.of("sub", "x")))
        .then()
        .statusCode(400);
    given()
        .contentType("application/json")
        .body(Map.of("claims", Map.of()))
        .when()
        .post("/v1/federation/trusts/" + trustId + "/explain")
        .then()
        .statusCode(401);
  }
}
