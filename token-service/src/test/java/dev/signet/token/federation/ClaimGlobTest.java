package dev.signet.token.federation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClaimGlobTest {

  @Test
  void patternWithoutWildcardMatchesOnlyItself() {
    ClaimGlob glob = ClaimGlob.compile("refs/heads/main");
    assertTrue(glob.isExact());
    assertTrue(glob.matches("refs/heads/main"));
    assertFalse(glob.matches("refs/heads/main2"));
    assertFalse(glob.matches("xrefs/heads/main"));
    assertFalse(glob.matches("refs/heads/mai"));
  }

  @Test
  void singleStarStaysWithinOneSegment() {
    ClaimGlob glob = ClaimGlob.compile("refs/heads/release-*");
    assertTrue(glob.matches("refs/heads/release-1.2"));
    assertTrue(glob.matches("refs/heads/release-"));
    assertFalse(glob.matches("refs/heads/release-1/evil"));
    assertFalse(
        ClaimGlob.compile("system:serviceaccount:ci:*").matches("system:serviceaccount:ci:a:b"));
  }

  @Test
  void doubleStarCrossesSegments() {
    ClaimGlob glob = ClaimGlob.compile("refs/heads/**");
    assertTrue(glob.matches("refs/heads/feature/x/y"));
    assertFalse(glob.matches("refs/tags/v1"));
  }

  @Test
  void regexCharactersAreLiterals() {
    ClaimGlob glob = ClaimGlob.compile("octo.org/(repo)|x+");
    assertTrue(glob.matches("octo.org/(repo)|x+"));
    assertFalse(glob.matches("octoXorg/(repo)|x+"));
    assertFalse(glob.matches("octo.org/repo"));
  }

  @Test
  void anchoredAtBothEnds() {
    assertFalse(ClaimGlob.compile("octo-org/*").matches("evil/octo-org/repo"));
    assertFalse(ClaimGlob.compile("*/repo").matches("org/repo/extra"));
  }

  @Test
  void onlyWildcardPatternsAreRecognised() {
    assertTrue(ClaimGlob.compile("**").isOnlyWildcards());
    assertTrue(ClaimGlob.compile("*:*/**").isOnlyWildcards());
    assertFalse(ClaimGlob.compile("repo:*").isOnlyWildcards());
    assertFalse(ClaimGlob.compile("main").isOnlyWildcards());
  }

  @Test
  void hostileValuesAreMismatchesInBoundedTime() {
    String pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
    String value = "a".repeat(ClaimGlob.MAX_VALUE_LENGTH);
    long start = System.nanoTime();
    assertFalse(ClaimGlob.compile(pattern).matches(value));
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "linear-time per pattern token");
    assertFalse(ClaimGlob.compile("**").matches("a".repeat(ClaimGlob.MAX_VALUE_LENGTH + 1)));
    assertFalse(ClaimGlob.compile("main").matches("ma\u0000in"));
    assertFalse(ClaimGlob.compile("main").matches(null));
  }
}
