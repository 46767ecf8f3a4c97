package dev.signet.delegation.policy;

import dev.signet.common.db.DatabaseChannels;
import dev.signet.delegation.DelegationConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The compiled policy set, loaded once and shared by every decision. Any policy write (on any
 * replica) notifies {@link #CHANNEL} at commit and every replica drops its set; the next decision
 * loads and compiles it again, one load in flight. A TTL bounds staleness while LISTEN is down.
 */
@ApplicationScoped
public class PolicyCache {

  /** Payload: the id of the policy that changed; a null payload (resubscribe) drops all too. */
  public static final String CHANNEL = "signet_delegation_policies_changed";

  private static final Logger LOG = Logger.getLogger(PolicyCache.class);

  private record Entry(long generation, Instant loadedAt, Uni<PolicySet> set) {}

  private final Pool pool;
  private final DatabaseChannels channels;
  private final DelegationConfig config;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Entry> entry = new AtomicReference<>();

  PolicyCache(Pool pool, DatabaseChannels channels, DelegationConfig config, Clock clock) {
    this.pool = pool;
    this.channels = channels;
    this.config = config;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    channels.listen(CHANNEL, payload -> invalidate());
  }

  /** Drops the set; the next {@link #current()} loads it again. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  /** The current policy set. */
  public Uni<PolicySet> current() {
    long gen = generation.get();
    Instant now = clock.instant();
    Entry e = entry.get();
    if (e != null
        && e.generation() == gen
        && e.loadedAt().plus(config.policyCacheTtl()).isAfter(now)) {
      return e.set();
    }
    Entry fresh = new Entry(gen, now, load().memoize().indefinitely());
    if (!entry.compareAndSet(e, fresh)) {
      Entry other = entry.get();
      return other != null ? other.set() : fresh.set();
    }
    // A failed load must not stay cached: the next call tries again.
    return fresh.set().onFailure().invoke(() -> entry.compareAndSet(fresh, null));
  }

  private Uni<PolicySet> load() {
    return pool.query("SELECT " + Policy.COLUMNS + " FROM policies ORDER BY name")
        .execute()
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            rows -> {
              List<CompiledPolicy> compiled = new ArrayList<>();
              rows.forEach(
                  r -> {
                    CompiledPolicy c = compiledOrClosed(Policy.of(r));
                    if (c != null) {
                      compiled.add(c);
                    }
                  });
              LOG.debugf("policy set loaded: %d policies", compiled.size());
              return new PolicySet(compiled);
            });
  }

  /**
   * A stored policy that no longer compiles (a CEL upgrade, a row written by hand) fails closed: a
   * deny keeps its targets and denies unconditionally, an allow is left out (null).
   */
  private static CompiledPolicy compiledOrClosed(Policy p) {
    try {
      return p.compile();
    } catch (Conditions.InvalidCondition | IllegalArgumentException e) {
      LOG.warnf("policy %s (%s) does not compile; failing closed", p.id(), p.name());
      if (p.effect() == Effect.ALLOW) {
        return null;
      }
      return new CompiledPolicy(
          p.id(),
          p.name(),
          Effect.DENY,
          safeGlobs(p.subjects()),
          safeGlobs(p.actions()),
          safeGlobs(p.resources()),
          null);
    }
  }

  private static List<Glob> safeGlobs(List<String> patterns) {
    try {
      return patterns.stream().map(Glob::of).toList();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }
}
