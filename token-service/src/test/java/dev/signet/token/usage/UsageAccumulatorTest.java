package dev.signet.token.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The in-memory merge: counts add up, the later use wins, a failed flush loses nothing. */
class UsageAccumulatorTest {

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-11-24T20:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Map<String, UsageAccumulator.Usage> byClient(List<UsageAccumulator.Usage> list) {
    return list.stream().collect(Collectors.toMap(UsageAccumulator.Usage::clientId, u -> u));
  }

  @Test
  void countsAddUpAndTheLatestUseWins() {
    HandClock clock = new HandClock();
    UsageAccumulator acc = new UsageAccumulator(clock, 100);
    Instant t0 = clock.now;
    acc.record("a", "10.0.0.1");
    clock.now = t0.plusSeconds(1);
    acc.record("a", "10.0.0.2");
    acc.record("b", "10.0.0.9");

    Map<String, UsageAccumulator.Usage> batch = byClient(acc.drain());
    assertEquals(new UsageAccumulator.Usage("a", 2, t0.plusSeconds(1), "10.0.0.2"), batch.get("a"));
    assertEquals(new UsageAccumulator.Usage("b", 1, t0.plusSeconds(1), "10.0.0.9"), batch.get("b"));
    assertTrue(acc.drain().isEmpty(), "a drain takes everything");
  }

  @Test
  void aFailedFlushIsMergedIntoTheNextRound() {
    HandClock clock = new HandClock();
    UsageAccumulator acc = new UsageAccumulator(clock, 100);
    Instant t0 = clock.now;
    acc.record("a", "10.0.0.1");
    acc.record("a", "10.0.0.1");
    List<UsageAccumulator.Usage> unsent = acc.drain();

    // Uses during the failed flush: one newer use of a, one of c.
    clock.now = t0.plusSeconds(5);
    acc.record("a", "10.0.0.3");
    acc.record("c", "10.0.0.7");
    acc.restore(unsent);

    Map<String, UsageAccumulator.Usage> next = byClient(acc.drain());
    assertEquals(new UsageAccumulator.Usage("a", 3, t0.plusSeconds(5), "10.0.0.3"), next.get("a"));
    assertEquals(1, next.get("c").count());
  }

  @Test
  void anOlderRestoredUseDoesNotOverwriteANewerOne() {
    UsageAccumulator.Usage newer =
        new UsageAccumulator.Usage("a", 1, Instant.parse("2026-11-24T20:00:10Z"), "new");
    UsageAccumulator.Usage older =
        new UsageAccumulator.Usage("a", 4, Instant.parse("2026-11-24T20:00:00Z"), "old");
    assertEquals(new UsageAccumulator.Usage("a", 5, newer.lastUsedAt(), "new"), newer.plus(older));
    assertEquals(new UsageAccumulator.Usage("a", 5, newer.lastUsedAt(), "new"), older.plus(newer));
  }

  @Test
  void newClientsBeyondTheCapAreNotHeldButKnownOnesStillCount() {
    UsageAccumulator acc = new UsageAccumulator(new HandClock(), 1);
    acc.record("a", "ip");
    acc.record("b", "ip");
    acc.record("a", "ip");
    Map<String, UsageAccumulator.Usage> batch = byClient(acc.drain());
    assertEquals(1, batch.size());
    assertEquals(2, batch.get("a").count());
  }
}
