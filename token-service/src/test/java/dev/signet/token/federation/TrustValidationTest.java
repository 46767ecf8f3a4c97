package dev.signet.token.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustValidationTest {

  static TrustDefinition github(FederationRule... rules) {
    return new TrustDefinition(
        "octo-ci",
        TrustKind.GITHUB_ACTIONS,
        "https://token.actions.githubusercontent.com",
        Optional.empty(),
        "urn:signet:token-service",
        List.of(rules));
  }

  static FederationRule rule(String subject, Map<String, List<String>> claims) {
    return new FederationRule(
        "r", subject, claims, "ci-deployer", List.of("deploy:write"), List.of(), 900);
  }

  static List<String> fields(TrustDefinition trust) {
    return TrustValidation.errors(trust).stream().map(Problem.FieldError::field).toList();
  }

  @Test
  void soundGithubTrustPasses() {
    TrustValidation.validate(github(rule("repo:octo-org/octo-repo:ref:refs/heads/main", Map.of())));
  }

  @Test
  void missingIssuerAndAudienceAreNamed() {
    TrustDefinition trust =
        new TrustDefinition(
            "t", TrustKind.OIDC, " ", Optional.empty(), "", List.of(rule("ci-bot", Map.of())));
    ProblemException e =
        assertThrows(ProblemException.class, () -> TrustValidation.validate(trust));
    assertEquals(400, e.problem().status());
    assertEquals(
        List.of("issuer", "audience"),
        e.problem().errors().stream().map(Problem.FieldError::field).toList());
  }

  @Test
  void wildcardAudienceIsRefused() {
    TrustDefinition trust =
        new TrustDefinition(
            "t",
            TrustKind.OIDC,
            "https://issuer.example",
            Optional.empty(),
            "urn:signet:*",
            List.of(rule("ci-bot", Map.of())));
    assertEquals(List.of("audience"), fields(trust));
  }

  @Test
  void issuerMustBeExactHttpsOrLoopbackHttp() {
    for (String bad :
        List.of(
            "http://issuer.example",
            "https://*.example",
            "https://issuer.example/?x=1",
            "https://user@issuer.example",
            "not a url",
            "file:///etc/passwd")) {
      TrustDefinition trust =
          new TrustDefinition(
              "t",
              TrustKind.OIDC,
              bad,
              Optional.empty(),
              "urn:signet:token-service",
              List.of(rule("ci-bot", Map.of())));
      assertEquals(List.of("issuer"), fields(trust), bad);
    }
    TrustDefinition local =
        new TrustDefinition(
            "t",
            TrustKind.OIDC,
            "http://127.0.0.1:8999",
            Optional.of("https://keys.example/jwks"),
            "urn:signet:token-service",
            List.of(rule("ci-bot", Map.of())));
    assertEquals(List.of(), fields(local));
  }

  @Test
  void subjectOfOnlyWildcardsIsRefused() {
    TrustDefinition trust =
        new TrustDefinition(
            "t",
            TrustKind.OIDC,
            "https://issuer.example",
            Optional.empty(),
            "urn:signet:token-service",
            List.of(rule("**", Map.of()), rule("*:*", Map.of())));
    List<String> fields = fields(trust);
    assertTrue(fields.contains("rules[0].subject"), fields.toString());
    assertTrue(fields.contains("rules[1].subject"), fields.toString());
    assertTrue(fields.contains("rules[1].name"), "duplicate rule name: " + fields);
  }

  @Test
  void organisationWideWildcardNeedsTheOwnerId() {
    assertEquals(
        List.of("rules[0].claims.repository_owner_id"),
        fields(github(rule("repo:octo-org/*:ref:refs/heads/main", Map.of()))));
    assertEquals(
        List.of("rules[0].claims.repository_owner_id"),
        fields(
            github(
                rule("repo:octo-org/octo-repo:**", Map.of("repository", List.of("octo-org/*"))))));
    assertEquals(
        List.of(),
        fields(
            github(
                rule(
                    "repo:octo-org/*:ref:refs/heads/main",
                    Map.of("repository_owner_id", List.of("65"))))));
  }

  @Test
  void wildcardAcrossOrganisationsIsRefused() {
    assertEquals(
        List.of("rules[0].subject"),
        fields(github(rule("repo:*/octo-repo:**", Map.of("repository_owner_id", List.of("65"))))));
  }

  @Test
  void kubernetesSubjectMustBeAServiceAccount() {
    TrustDefinition trust =
        new TrustDefinition(
            "cluster",
            TrustKind.KUBERNETES,
            "https://container.googleapis.com/v1/projects/p/locations/l/clusters/c",
            Optional.empty(),
            "urn:signet:token-service",
            List.of(rule("system:node:ip-10-0-0-1", Map.of())));
    assertEquals(List.of("rules[0].subject"), fields(trust));
  }

  @Test
  void ruleTtlIsBoundedAndConditionValuesAreNotEmpty() {
    FederationRule rule =
        new FederationRule(
            "r",
            "repo:octo-org/octo-repo:**",
            Map.of("ref", List.of()),
            "p",
            List.of(),
            List.of(),
            86_400);
    assertEquals(List.of("rules[0].max_ttl_seconds", "rules[0].claims.ref"), fields(github(rule)));
  }
}
