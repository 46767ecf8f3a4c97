package dev.signet.keyring.jwks;

import dev.signet.common.error.SafeFailures;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.keyring.ring.KeyState;
import dev.signet.keyring.rotation.RotationTimings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The JWKS held in memory: rebuilt from {@code signing_keys} when a key change is notified (from
 * any replica) and on a timer as a fallback, so requests never touch the database. Also feeds the
 * key ring gauges.
 */
@ApplicationScoped
public class JwksCache {

  private static final Logger LOG = Logger.getLogger(JwksCache.class);

  private final Pool pool;
  private final Clock clock;
  private final KeyChangeNotifications notifications;
  private volatile JwksSnapshot snapshot;

  JwksCache(Pool pool, Clock clock, KeyChangeNotifications notifications, MeterRegistry registry) {
    this.pool = pool;
    this.clock = clock;
    this.notifications = notifications;
    for (KeyState state : KeyState.values()) {
      Gauge.builder("signet.keyring.keys", this, c -> c.count(state.column()))
          .description("Signing keys by lifecycle state")
          .tag("state", state.column())
          .register(registry);
    }
    Gauge.builder("signet.jwks.published.keys", this, c -> c.published())
        .description("Keys in the published JWKS")
        .register(registry);
    Gauge.builder("signet.keyring.seconds.until.next.rotation", this, c -> c.secondsToRotation())
        .description("Seconds until the active key is due to be replaced")
        .register(registry);
  }

  void start(@Observes StartupEvent event) {
    notifications.onChange(
        () ->
            refresh()
                .subscribe()
                .with(
                    ok -> {}, e -> LOG.warnf("JWKS refresh failed: %s", SafeFailures.describe(e))));
    refresh()
        .subscribe()
        .with(ok -> {}, e -> LOG.warnf("initial JWKS load failed: %s", SafeFailures.describe(e)));
  }

  @Scheduled(
      every = "${signet.keyring.jwks.refresh-interval:30s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> timer() {
    return refresh()
        .onFailure()
        .invoke(e -> LOG.debugf("JWKS refresh failed: %s", SafeFailures.describe(e)))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** The current snapshot, loading it first when none is held yet. */
  public Uni<JwksSnapshot> current() {
    JwksSnapshot held = snapshot;
    return held != null ? Uni.createFrom().item(held) : refresh();
  }

  /** Rebuilds the snapshot from the database. */
  public Uni<JwksSnapshot> refresh() {
    return pool.query(
            "SELECT kid, alg, state, public_jwk::text AS jwk, created_at, activates_at,"
                + " activated_at, retire_after FROM signing_keys"
                + " WHERE state IN ('pending', 'active', 'previous')"
                + " ORDER BY CASE state WHEN 'active' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END,"
                + " created_at DESC, kid")
        .execute()
        .chain(
            keys ->
                pool.query(
                        "SELECT algorithm, rotation_interval_seconds, pre_publish_seconds,"
                            + " grace_period_seconds, jwks_cache_max_age_seconds,"
                            + " jwks_cache_margin_seconds FROM rotation_policy"
                            + " WHERE id = 'default'")
                    .execute()
                    .chain(
                        policy ->
                            pool.query(
                                    "SELECT state, count(*) AS n FROM signing_keys GROUP BY state")
                                .execute()
                                .map(counts -> build(keys, policy, counts))))
        .invoke(built -> snapshot = built);
  }

  /** Builds the snapshot of the given published rows; also used for the preview. */
  static byte[] body(List<String> jwks) {
    return ("{\"keys\":[" + String.join(",", jwks) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18))
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private JwksSnapshot build(RowSet<Row> keys, RowSet<Row> policyRows, RowSet<Row> counts) {
    RotationTimings timings = null;
    String policyAlg = "RS256";
    Duration maxAge = Duration.ofSeconds(900);
    if (policyRows.size() > 0) {
      Row p = policyRows.iterator().next();
      policyAlg = p.getString("algorithm");
      timings =
          new RotationTimings(
              Duration.ofSeconds(p.getLong("rotation_interval_seconds")),
              Duration.ofSeconds(p.getLong("pre_publish_seconds")),
              Duration.ofSeconds(p.getLong("grace_period_seconds")),
              Duration.ofSeconds(p.getLong("jwks_cache_max_age_seconds")),
              Duration.ofSeconds(p.getLong("jwks_cache_margin_seconds")));
      maxAge = timings.jwksCacheMaxAge();
    }
    List<String> jwks = new ArrayList<>();
    Instant nextChange = null;
    Instant nextRotation = null;
    boolean pendingForPolicyAlg = false;
    Instant activeSince = null;
    for (Row row : keys) {
      jwks.add(row.getString("jwk"));
      String state = row.getString("state");
      boolean policyAlgRow = policyAlg.equals(row.getString("alg"));
      if ("pending".equals(state)) {
        Instant activatesAt = instant(row.getOffsetDateTime("activates_at"));
        nextChange = earliest(nextChange, activatesAt);
        if (policyAlgRow) {
          pendingForPolicyAlg = true;
          nextRotation = earliest(nextRotation, activatesAt);
        }
      } else if ("previous".equals(state)) {
        nextChange = earliest(nextChange, instant(row.getOffsetDateTime("retire_after")));
      } else if ("active".equals(state) && activeSince == null) {
        // The one active key, whatever its algorithm (the policy's may have just changed).
        Instant activated = instant(row.getOffsetDateTime("activated_at"));
        activeSince = activated != null ? activated : instant(row.getOffsetDateTime("created_at"));
      }
    }
    if (!pendingForPolicyAlg && activeSince != null && timings != null) {
      // The job will publish a pending key at this point: that too changes the set.
      nextChange = earliest(nextChange, timings.pendingCreation(activeSince));
      nextRotation = earliest(nextRotation, timings.nextRotation(activeSince));
    }
    Map<String, Long> byState = new HashMap<>();
    for (Row row : counts) {
      byState.put(row.getString("state"), row.getLong("n"));
    }
    byte[] body = body(jwks);
    return new JwksSnapshot(
        body, etag(body), jwks.size(), maxAge, nextChange, nextRotation, Map.copyOf(byState));
  }

  private double count(String state) {
    JwksSnapshot held = snapshot;
    return held == null ? Double.NaN : held.keysByState().getOrDefault(state, 0L);
  }

  private double published() {
    JwksSnapshot held = snapshot;
    return held == null ? Double.NaN : held.publishedKeys();
  }

  private double secondsToRotation() {
    JwksSnapshot held = snapshot;
    if (held == null || held.nextRotation() == null) {
      return Double.NaN;
    }
    return Math.max(0, Duration.between(clock.instant(), held.nextRotation()).toMillis() / 1000.0);
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }
}
