package dev.signet.delegation.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
import dev.signet.common.input.InvalidInputException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy truth table: deny overrides allow, default deny, and every operator class in CEL
 * conditions (equality, membership, glob targets, numbers and times, and/or/not).
 */
class PolicySetTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static CompiledPolicy policy(
      String name, Effect effect, List<String> subjects, List<String> actions, String condition) {
    try {
      return new CompiledPolicy(
          UUID.nameUUIDFromBytes(name.getBytes()),
          name,
          effect,
          subjects.stream().map(Glob::of).toList(),
          actions.stream().map(Glob::of).toList(),
          List.of(),
          condition == null ? null : Conditions.compile(condition));
    } catch (Conditions.InvalidCondition e) {
      throw new AssertionError(e.detail());
    }
  }

  private static DecisionRequest request(
      String subject, String action, Map<String, Object> attrs, Map<String, Object> context) {
    return new DecisionRequest(subject, attrs, action, "res:1", Map.of("owner", "alice"), context);
  }

  private static DecisionResponse decide(
      PolicySet set, String subject, String action, Map<String, Object> attrs) {
    return set.decide(request(subject, action, attrs, Map.of()), NOW);
  }

  @Test
  void noPolicyIsADefaultDenyWithNoIds() {
    DecisionResponse d = decide(PolicySet.EMPTY, "alice", "read", Map.of());
    assertFalse(d.allowed());
    assertTrue(d.policyIds().isEmpty());
    assertTrue(d.reason().contains("default deny"), d.reason());
  }

  @Test
  void denyOverridesAllowWhateverTheOrder() {
    CompiledPolicy allow = policy("allow-all", Effect.ALLOW, List.of(), List.of(), null);
    CompiledPolicy deny = policy("deny-bob", Effect.DENY, List.of("bob"), List.of(), null);
    for (PolicySet set :
        List.of(new PolicySet(List.of(allow, deny)), new PolicySet(List.of(deny, allow)))) {
      DecisionResponse bob = decide(set, "bob", "read", Map.of());
      assertFalse(bob.allowed());
      assertEquals(List.of(deny.id()), bob.policyIds());
      assertTrue(bob.reason().contains("deny-bob"), bob.reason());
      DecisionResponse alice = decide(set, "alice", "read", Map.of());
      assertTrue(alice.allowed());
      assertEquals(List.of(allow.id()), alice.policyIds());
    }
  }

  @Test
  void allMatchingAllowsAreNamed() {
    CompiledPolicy a = policy("a", Effect.ALLOW, List.of(), List.of("read"), null);
    CompiledPolicy b = policy("b", Effect.ALLOW, List.of("alice"), List.of(), null);
    DecisionResponse d = decide(new PolicySet(List.of(a, b)), "alice", "read", Map.of());
    assertTrue(d.allowed());
    assertEquals(List.of(a.id(), b.id()), d.policyIds());
    assertEquals("allowed by policies a, b", d.reason());
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
    // glob targets: * stays in one segment, ** crosses segments
    "'repo:*', 'repo:read', true",
    "'repo:*', 'repo:read:all', false",
    "'repo:**', 'repo:read:all', true",
    "'repo:*:all', 'repo:read:all', true",
    "'tool:invoke', 'tool:invoke', true",
    "'tool:invoke', 'tool:invokeX', false",
    "'*', 'a/b', false",
    "'**', 'a/b', true",
    "'a*c', 'abbbc', true",
    "'a*c', 'ab/c', false",
  })
  void actionGlobs(String pattern, String action, boolean allowed) {
    PolicySet set =
        new PolicySet(List.of(policy("g", Effect.ALLOW, List.of(), List.of(pattern), null)));
    assertEquals(allowed, decide(set, "alice", action, Map.of()).allowed());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " ~> ",
      quoteCharacter = '"',
      value = {
        // equality
        "subject.id == 'alice' ~> true",
        "subject.id != 'alice' ~> false",
        "resource.owner == subject.id ~> true",
        "action == 'read' ~> true",
        // membership
        "'admin' in subject.groups ~> true",
        "'root' in subject.groups ~> false",
        "subject.team in ['red', 'blue'] ~> true",
        "'team' in subject ~> true",
        "has(subject.missing) ~> false",
        // numbers
        "subject.level >= 3 ~> true",
        "subject.level > 3 ~> false",
        "subject.score < 0.75 ~> true",
        "subject.level + 1 == 4 ~> true",
        "subject.level == 3.0 ~> true",
        // times
        "now > timestamp('2026-01-01T00:00:00Z') ~> true",
        "now < timestamp(context.until) ~> true",
        "now - timestamp(context.since) < duration('1h') ~> false",
        "now.getHours() >= 9 && now.getHours() < 17 ~> true",
        // string functions and glob-like matching
        "subject.email.endsWith('@example.com') ~> true",
        "subject.id.startsWith('al') ~> true",
        "subject.email.matches('^[a-z]+@example[.]com$') ~> true",
        // and / or / not
        "subject.level >= 3 && 'admin' in subject.groups ~> true",
        "subject.level >= 5 && 'admin' in subject.groups ~> false",
        "subject.level >= 5 || 'admin' in subject.groups ~> true",
        "!(subject.team == 'red') ~> false",
        "!('root' in subject.groups) ~> true",
        // macros (bounded)
        "subject.groups.exists(g, g.startsWith('ad')) ~> true",
        "subject.groups.all(g, g.size() > 2) ~> true",
      })
  void conditionOperators(String condition, boolean allowed) {
    PolicySet set =
        new PolicySet(List.of(policy("c", Effect.ALLOW, List.of(), List.of(), condition)));
    Map<String, Object> attrs =
        Map.of(
            "groups",
            List.of("admin", "dev"),
            "team",
            "red",
            "level",
            3,
            "score",
            0.5,
            "email",
            "alice@example.com");
    Map<String, Object> context =
        Map.of("until", "2027-01-01T00:00:00Z", "since", "2026-12-01T00:00:00Z");
    DecisionResponse d = set.decide(request("alice", "read", attrs, context), NOW);
    assertEquals(allowed, d.allowed(), condition + ": " + d.reason());
  }

  @Test
  void aConditionThatFailsToEvaluateFailsClosed() {
    // subject.level is missing: the allow does not apply, the deny does.
    CompiledPolicy allow =
        policy("allow-level", Effect.ALLOW, List.of(), List.of(), "subject.level > 1");
    assertFalse(decide(new PolicySet(List.of(allow)), "alice", "read", Map.of()).allowed());
    CompiledPolicy any = policy("any", Effect.ALLOW, List.of(), List.of(), null);
    CompiledPolicy deny =
        policy("deny-level", Effect.DENY, List.of(), List.of(), "subject.level > 1");
    DecisionResponse d = decide(new PolicySet(List.of(any, deny)), "alice", "read", Map.of());
    assertFalse(d.allowed());
    assertTrue(d.reason().contains("could not be evaluated"), d.reason());
  }

  @Test
  void macroIterationsAreCapped() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      many.add((long) i);
    }
    CompiledPolicy allow =
        policy(
            "nested",
            Effect.ALLOW,
            List.of(),
            List.of(),
            "subject.xs.all(a, subject.xs.all(b, a >= 0 && b >= 0))");
    // 60 x 60 = 3,600 iterations exceed the cap: the allow does not apply.
    assertFalse(
        decide(new PolicySet(List.of(allow)), "alice", "read", Map.of("xs", many)).allowed());
  }

  @Test
  void attributesAreBoundedAndHugeNumbersRefused() {
    assertThrows(
        InvalidInputException.class,
        () -> Attributes.normalized(Map.of("n", new BigInteger("1" + "0".repeat(30)))));
    assertThrows(
        InvalidInputException.class, () -> Attributes.normalized(Map.of("s", "nul\u0000")));
    assertThrows(
        InvalidInputException.class,
        () ->
            Attributes.normalized(
                Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1)))))));
    assertThrows(
        InvalidInputException.class,
        () -> Attributes.normalized(Map.of("d", Double.POSITIVE_INFINITY)));
    assertEquals(5L, Attributes.normalized(Map.of("i", 5)).get("i"));
  }
}
