package dev.signet.token.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RFC 8693 §4.1 act claim read and written: newest actor outside, prior ones nested. */
class ActChainTest {

  @Test
  void nestedClaimReadsNewestFirstAndWritesBackTheSame() {
    Map<String, Object> act = Map.of("sub", "b", "act", Map.of("sub", "a"));
    ActChain chain = ActChain.of(act).orElseThrow();
    assertEquals(List.of("b", "a"), chain.actors());
    assertEquals(act, chain.claim());
    assertEquals(
        Map.of("sub", "c", "act", Map.of("sub", "b", "act", Map.of("sub", "a"))),
        chain.then("c").claim());
    assertEquals(Map.of("sub", "a"), ActChain.empty().then("a").claim());
  }

  @Test
  void malformedOrTooDeepClaimIsRefused() {
    assertTrue(ActChain.of("a").isEmpty());
    assertTrue(ActChain.of(Map.of("sub", 7)).isEmpty());
    assertTrue(ActChain.of(Map.of("sub", "")).isEmpty());
    assertTrue(ActChain.of(Map.of("sub", "a", "act", "b")).isEmpty());
    Object deep = Map.of("sub", "x0");
    for (int i = 1; i <= ActChain.MAX_NESTING; i++) {
      deep = Map.of("sub", "x" + i, "act", deep);
    }
    assertTrue(ActChain.of(deep).isEmpty());
  }

  @Test
  void cyclesAreFoundOnTheChainAndAtThePrincipal() {
    ActChain chain = new ActChain(List.of("b", "a"));
    assertTrue(chain.wouldCycle("p", "a"));
    assertTrue(chain.wouldCycle("p", "p"));
    assertFalse(chain.wouldCycle("p", "c"));
    assertEquals("a", new ActChain(List.of("a", "b", "a")).repeated("p").orElseThrow());
    assertEquals("p", new ActChain(List.of("p")).repeated("p").orElseThrow());
    assertTrue(chain.repeated("p").isEmpty());
  }
}
