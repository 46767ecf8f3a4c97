package dev.signet.token.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {

  /** The claim set GitHub documents for an Actions OIDC token (IDs are strings there). */
  static Map<String, Object> githubClaims() {
    Map<String, Object> c = new HashMap<>();
    c.put("jti", "example-id");
    c.put("sub", "repo:octo-org/octo-repo:ref:refs/heads/main");
    c.put("aud", "urn:signet:token-service");
    c.put("ref", "refs/heads/main");
    c.put("sha", "example-sha");
    c.put("repository", "octo-org/octo-repo");
    c.put("repository_owner", "octo-org");
    c.put("repository_owner_id", "65");
    c.put("repository_id", "74");
    c.put("repository_visibility", "private");
    c.put("actor", "octocat");
    c.put("actor_id", "12");
    c.put("run_id", "example-run-id");
    c.put("run_number", "10");
    c.put("run_attempt", "2");
    c.put("runner_environment", "github-hosted");
    c.put("workflow", "example-workflow");
    c.put("head_ref", "");
    c.put("base_ref", "");
    c.put("event_name", "workflow_dispatch");
    c.put("ref_type", "branch");
    c.put("ref_protected", "true");
    c.put(
        "job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main");
    c.put("iss", "https://token.actions.githubusercontent.com");
    return c;
  }

  /** A projected service-account token's claims, with the {@code kubernetes.io} object. */
  static Map<String, Object> kubernetesClaims(String namespace, String serviceAccount) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE");
    c.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
    c.put("aud", List.of("urn:signet:token-service"));
    c.put(
        "kubernetes.io",
        Map.of(
            "namespace", namespace,
            "node", Map.of("name", "ip-10-0-0-1", "uid", "node-uid"),
            "pod", Map.of("name", "runner-7d9f", "uid", "pod-uid"),
            "serviceaccount", Map.of("name", serviceAccount, "uid", "sa-uid-1")));
    return c;
  }

  static FederationRule rule(String subject, Map<String, List<String>> claims) {
    return new FederationRule(
        "deploy", subject, claims, "ci-deployer", List.of("deploy:write"), List.of(), 900);
  }

  static FederationRule githubMainRule() {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    claims.put("repository_owner_id", List.of("65"));
    claims.put("ref", List.of("refs/heads/main", "refs/tags/v*"));
    claims.put("ref_type", List.of("branch", "tag"));
    return rule("repo:octo-org/octo-repo:**", claims);
  }

  @Test
  void allowedGithubRepoAndProtectedRefMatch() {
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), githubClaims()));
  }

  @Test
  void immutableSubFormatMatchesTheSameRule() {
    Map<String, Object> claims = githubClaims();
    claims.put("sub", "repo:octo-org@65/octo-repo@74:ref:refs/heads/main");
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
  }

  @Test
  void immutableSubWithIdsThatDisagreeWithTheClaimsIsRefused() {
    Map<String, Object> claims = githubClaims();
    claims.put("sub", "repo:octo-org@66/octo-repo@74:ref:refs/heads/main");
    assertMismatch("sub", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
    FederationRule pinned = rule("repo:octo-org@66/octo-repo@74:**", Map.of());
    assertMismatch("sub", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, pinned, claims));
  }

  @Test
  void wrongOrganisationIsRefused() {
    Map<String, Object> claims = githubClaims();
    claims.put("sub", "repo:evil-org/octo-repo:ref:refs/heads/main");
    claims.put("repository_owner", "evil-org");
    assertMismatch("sub", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
  }

  @Test
  void recreatedOrganisationWithAnotherIdIsRefused() {
    Map<String, Object> claims = githubClaims();
    claims.put("repository_owner_id", "999");
    assertMismatch(
        "claim:repository_owner_id",
        RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
  }

  @Test
  void unprotectedRefIsRefused() {
    Map<String, Object> claims = githubClaims();
    claims.put("sub", "repo:octo-org/octo-repo:ref:refs/heads/feature");
    claims.put("ref", "refs/heads/feature");
    assertMismatch(
        "claim:ref", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
  }

  @Test
  void claimTheRuleNamesButTheTokenLacksIsAMismatch() {
    Map<String, Object> claims = githubClaims();
    claims.remove("ref_type");
    assertMismatch(
        "claim:ref_type", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
  }

  @Test
  void pullRequestTargetAndWorkflowRunAreRefusedUnlessNamed() {
    for (String event : List.of("pull_request_target", "workflow_run")) {
      Map<String, Object> claims = githubClaims();
      claims.put("event_name", event);
      assertMismatch(
          "event_name", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, githubMainRule(), claims));
      Map<String, List<String>> conditions = new LinkedHashMap<>(githubMainRule().claims());
      conditions.put("event_name", List.of(event));
      FederationRule naming = rule("repo:octo-org/octo-repo:**", conditions);
      assertEquals(
          new RuleOutcome.Matched("deploy"),
          RuleMatcher.match(TrustKind.GITHUB_ACTIONS, naming, claims));
    }
  }

  @Test
  void aWildcardEventConditionDoesNotNameForkCodeEvents() {
    Map<String, Object> claims = githubClaims();
    claims.put("event_name", "pull_request_target");
    Map<String, List<String>> conditions = new LinkedHashMap<>(githubMainRule().claims());
    conditions.put("event_name", List.of("pull_request*"));
    assertMismatch(
        "event_name",
        RuleMatcher.match(
            TrustKind.GITHUB_ACTIONS, rule("repo:octo-org/octo-repo:**", conditions), claims));
  }

  @Test
  void reusableWorkflowIsPinned() {
    Map<String, List<String>> conditions = new LinkedHashMap<>(githubMainRule().claims());
    conditions.put(
        "job_workflow_ref",
        List.of("octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"));
    FederationRule pinned = rule("repo:octo-org/octo-repo:**", conditions);
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.GITHUB_ACTIONS, pinned, githubClaims()));
    Map<String, Object> claims = githubClaims();
    claims.put(
        "job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/dev");
    assertMismatch(
        "claim:job_workflow_ref", RuleMatcher.match(TrustKind.GITHUB_ACTIONS, pinned, claims));
  }

  @Test
  void kubernetesServiceAccountWithPinnedUidMatches() {
    FederationRule sa =
        rule(
            "system:serviceaccount:ci:runner",
            Map.of("kubernetes.io/serviceaccount/uid", List.of("sa-uid-1")));
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.KUBERNETES, sa, kubernetesClaims("ci", "runner")));
  }

  @Test
  void recreatedServiceAccountWithAnotherUidIsRefused() {
    FederationRule sa =
        rule(
            "system:serviceaccount:ci:runner",
            Map.of("kubernetes.io/serviceaccount/uid", List.of("sa-uid-0")));
    assertMismatch(
        "claim:kubernetes.io/serviceaccount/uid",
        RuleMatcher.match(TrustKind.KUBERNETES, sa, kubernetesClaims("ci", "runner")));
  }

  @Test
  void defaultServiceAccountNeverMatchesAWildcard() {
    FederationRule any = rule("system:serviceaccount:ci:*", Map.of());
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.KUBERNETES, any, kubernetesClaims("ci", "runner")));
    assertMismatch(
        "default_service_account",
        RuleMatcher.match(TrustKind.KUBERNETES, any, kubernetesClaims("ci", "default")));
    FederationRule named = rule("system:serviceaccount:ci:default", Map.of());
    assertEquals(
        new RuleOutcome.Matched("deploy"),
        RuleMatcher.match(TrustKind.KUBERNETES, named, kubernetesClaims("ci", "default")));
  }

  @Test
  void otherNamespaceIsRefused() {
    FederationRule any = rule("system:serviceaccount:ci:*", Map.of());
    assertMismatch(
        "sub", RuleMatcher.match(TrustKind.KUBERNETES, any, kubernetesClaims("prod", "runner")));
  }

  @Test
  void nonTextClaimsAreAbsent() {
    Map<String, Object> claims = kubernetesClaims("ci", "runner");
    FederationRule onObject =
        rule("system:serviceaccount:ci:runner", Map.of("kubernetes.io", List.of("**")));
    assertMismatch(
        "claim:kubernetes.io", RuleMatcher.match(TrustKind.KUBERNETES, onObject, claims));
  }

  static void assertMismatch(String check, RuleOutcome outcome) {
    RuleOutcome.Mismatch mismatch = assertInstanceOf(RuleOutcome.Mismatch.class, outcome);
    assertEquals(check, mismatch.check());
  }
}
