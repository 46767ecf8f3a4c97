package dev.signet.token.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service-account usage gathered in memory between flushes: per client a count, the latest use and
 * its address. A request only touches this map; admin-api gets the sums in batches.
 */
@ApplicationScoped
public class UsageAccumulator {

  /** Usage of one client; also the JSON item admin-api reads. */
  public record Usage(
      @com.fasterxml.jackson.annotation.JsonProperty("client_id") String clientId,
      long count,
      @com.fasterxml.jackson.annotation.JsonProperty("last_used_at") Instant lastUsedAt,
      @com.fasterxml.jackson.annotation.JsonProperty("last_ip") String lastIp) {

    /** Counts add up; the later use keeps its time and address. */
    Usage plus(Usage other) {
      Usage later = other.lastUsedAt.isAfter(lastUsedAt) ? other : this;
      return new Usage(clientId, count + other.count, later.lastUsedAt, later.lastIp);
    }
  }

  private final Map<String, Usage> pending = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxClients;

  @Inject
  UsageAccumulator(Clock clock, UsageConfig config) {
    this(clock, config.maxClients());
  }

  UsageAccumulator(Clock clock, int maxClients) {
    this.clock = clock;
    this.maxClients = maxClients;
  }

  /** One successful authentication of the client from the address. */
  public void record(String clientId, String ip) {
    add(new Usage(clientId, 1, Instant.now(clock), ip));
  }

  private void add(Usage usage) {
    if (!pending.containsKey(usage.clientId()) && pending.size() >= maxClients) {
      return;
    }
    pending.merge(usage.clientId(), usage, Usage::plus);
  }

  /** Takes everything gathered so far; uses recorded meanwhile go to the next round. */
  public List<Usage> drain() {
    List<Usage> taken = new ArrayList<>();
    for (String clientId : List.copyOf(pending.keySet())) {
      Usage usage = pending.remove(clientId);
      if (usage != null) {
        taken.add(usage);
      }
    }
    return taken;
  }

  /** Puts back what a failed flush took, merged with what came in meanwhile. */
  public void restore(List<Usage> unsent) {
    for (Usage usage : unsent) {
      pending.merge(usage.clientId(), usage, Usage::plus);
    }
  }

  /** What is waiting, for tests and diagnostics. */
  public Map<String, Usage> pending() {
    return Map.copyOf(pending);
  }
}
