package dev.signet.token.usage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts successful client authentications per service account in memory, so the token path never
 * writes admin-api's {@code service_accounts} row. Flushing the totals into usage_count /
 * last_used_at belongs to admin-api's agreed batch path and is not wired yet; {@link #drain()} is
 * the hand-over point.
 */
@ApplicationScoped
public class UsageTracker {

  /** What happened since the last drain for one client. */
  public record Usage(long count, Instant lastUsedAt, String lastUsedIp) {}

  private static final class Counter {
    final LongAdder count = new LongAdder();
    volatile Instant lastUsedAt;
    volatile String lastUsedIp;
  }

  private final Clock clock;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  UsageTracker(Clock clock) {
    this.clock = clock;
  }

  public void used(String clientId, String ip) {
    Counter c = counters.computeIfAbsent(clientId, k -> new Counter());
    c.count.increment();
    c.lastUsedAt = Instant.now(clock);
    c.lastUsedIp = ip;
  }

  /** Takes the collected usage and starts counting afresh. */
  public Map<String, Usage> drain() {
    Map<String, Usage> out = new HashMap<>();
    for (String clientId : counters.keySet()) {
      Counter c = counters.remove(clientId);
      if (c != null) {
        out.put(clientId, new Usage(c.count.sum(), c.lastUsedAt, c.lastUsedIp));
      }
    }
    return out;
  }
}
