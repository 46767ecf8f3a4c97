package dev.signet.keyring.rotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RotationTimingsTest {

  private static RotationTimings timings(long prePublish, long grace, long maxAge, long margin) {
    return new RotationTimings(
        Duration.ofDays(90),
        Duration.ofSeconds(prePublish),
        Duration.ofSeconds(grace),
        Duration.ofSeconds(maxAge),
        Duration.ofSeconds(margin));
  }

  @Test
  void leadTimeIsNeverShorterThanCacheMaxAgePlusMargin() {
    assertEquals(Duration.ofSeconds(86_400), timings(86_400, 0, 900, 300).leadTime());
    assertEquals(Duration.ofSeconds(1_200), timings(60, 0, 900, 300).leadTime());
  }

  @Test
  void pendingIsCreatedOneLeadTimeBeforeTheRotationIsDue() {
    Instant activated = Instant.parse("2026-01-01T00:00:00Z");
    RotationTimings t = timings(86_400, 0, 900, 300);
    assertEquals(Instant.parse("2026-04-01T00:00:00Z"), t.nextRotation(activated));
    assertEquals(Instant.parse("2026-03-31T00:00:00Z"), t.pendingCreation(activated));
  }

  @Test
  void previousKeyOutlivesEveryTokenItSigned() {
    TokenLifetimes lifetimes = new TokenLifetimes(Duration.ofHours(24), Duration.ofSeconds(30));
    assertEquals(
        Duration.ofSeconds(86_400 + 30 + 300), timings(0, 3_600, 900, 300).retireDelay(lifetimes));
    assertEquals(Duration.ofDays(8), timings(0, 8 * 86_400, 900, 300).retireDelay(lifetimes));
  }
}
