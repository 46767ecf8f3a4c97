package dev.signet.delegation.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeGraphTest {

  private final ScopeGraph graph =
      ScopeGraph.of(
          Map.of(
              "repo:admin", List.of("repo:write"),
              "repo:write", List.of("repo:read"),
              "issues:write", List.of("issues:read", "repo:read")));

  @Test
  void expansionIncludesEveryTransitivelyImpliedScope() {
    assertEquals(
        Set.of("repo:admin", "repo:write", "repo:read"), graph.expand(List.of("repo:admin")));
  }

  @Test
  void expansionOfAScopeWithoutImplicationsIsTheScopeItself() {
    assertEquals(Set.of("repo:read"), graph.expand(List.of("repo:read")));
    assertEquals(Set.of("unknown"), graph.expand(List.of("unknown")));
  }

  @Test
  void expansionMergesSharedImplicationsOnce() {
    assertEquals(
        Set.of("repo:write", "repo:read", "issues:write", "issues:read"),
        graph.expand(List.of("repo:write", "issues:write")));
  }

  @Test
  void anAcyclicGraphHasNoCycle() {
    assertEquals(Optional.empty(), graph.findCycle());
  }

  @Test
  void aWriteThatClosesALoopIsFoundAndTheCycleIsNamed() {
    ScopeGraph looped = graph.with("repo:read", List.of("repo:admin"));
    assertEquals(
        Optional.of(List.of("repo:read", "repo:admin", "repo:write", "repo:read")),
        looped.findCycleFrom("repo:read"));
    assertTrue(looped.findCycle().isPresent());
  }

  @Test
  void aScopeImplyingItselfIsACycle() {
    assertEquals(
        Optional.of(List.of("a", "a")), ScopeGraph.of(Map.of("a", List.of("a"))).findCycle());
  }

  @Test
  void expansionTerminatesOnACycle() {
    ScopeGraph looped = ScopeGraph.of(Map.of("a", List.of("b"), "b", List.of("a")));
    assertTrue(looped.expand(List.of("a")).containsAll(Set.of("a", "b")));
  }
}
