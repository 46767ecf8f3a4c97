package dev.signet.token.ratelimit;

import dev.signet.common.http.IpRange;
import dev.signet.token.config.TokenConfig;
import dev.signet.token.oauth.OAuthException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in memory, per replica (DESIGN: nothing on the token path waits on a round trip). A
 * bucket holds a minute's allowance and refills continuously.
 */
@ApplicationScoped
public class RateLimiter {

  private final TokenConfig.RateLimit config;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(TokenConfig config, Clock clock) {
    this.config = config.rateLimit();
    this.clock = clock;
  }

  /** Counts a request from this address; throws 429 when its bucket is empty. */
  public void checkIp(String ip) {
    check("ip:" + addressKey(ip), config.perIpPerMinute());
  }

  /**
   * An IPv6 address counts as its /64: one subscriber routinely holds a whole /64, so per-address
   * buckets would let it mint 2^64 fresh keys.
   */
  static String addressKey(String ip) {
    Optional<byte[]> bytes = IpRange.literal(ip);
    if (bytes.isEmpty() || bytes.get().length != 16) {
      return ip;
    }
    byte[] b = bytes.get();
    StringBuilder key = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
    }
    return key.append(":/64").toString();
  }

  /** How many buckets are held now. */
  int size() {
    return buckets.size();
  }

  /** Counts a request by this client under its own limit, or the default one. */
  public void checkClient(String clientId, Integer accountLimit) {
    int limit =
        accountLimit != null && accountLimit > 0 ? accountLimit : config.perClientPerMinute();
    check("client:" + clientId, limit);
  }

  private void check(String key, int perMinute) {
    if (!config.enabled() || perMinute <= 0) {
      return;
    }
    long now = clock.millis();
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= config.maxEntries()) {
        makeRoom(now);
      }
      bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
    }
    long waitMillis = bucket.take(perMinute, now);
    if (waitMillis > 0) {
      throw OAuthException.rateLimited(Math.max(1, (waitMillis + 999) / 1000));
    }
  }

  /**
   * At the cap: drops the refilled buckets (they hold nothing a new one would not) and, if that is
   * not enough, the longest idle tenth, so one flood costs one sort, not one per request.
   */
  private synchronized void makeRoom(long now) {
    if (buckets.size() < config.maxEntries()) {
      return;
    }
    buckets.values().removeIf(b -> b.full(now));
    int target = config.maxEntries() - Math.max(1, config.maxEntries() / 10);
    if (buckets.size() <= target) {
      return;
    }
    // Snapshot the ages first: buckets keep changing while this sorts.
    record Aged(String key, long updatedAt) {}
    List<Aged> byAge = new ArrayList<>(buckets.size());
    buckets.forEach((key, b) -> byAge.add(new Aged(key, b.updatedAt())));
    byAge.sort(Comparator.comparingLong(Aged::updatedAt));
    for (int i = 0; i < byAge.size() && buckets.size() > target; i++) {
      buckets.remove(byAge.get(i).key());
    }
  }

  /** Drops buckets that have refilled completely, so idle keys do not accumulate. */
  @Scheduled(every = "60s", delayed = "60s")
  void evictFull() {
    long now = clock.millis();
    buckets.values().removeIf(b -> b.full(now));
  }

  /** A bucket of {@code perMinute} tokens refilling at perMinute per 60 s. */
  static final class Bucket {
    private double tokens;
    private long updatedAt;
    private int capacity;

    Bucket(int capacity, long now) {
      this.capacity = capacity;
      this.tokens = capacity;
      this.updatedAt = now;
    }

    /** Takes one token; returns 0 when taken, else how many millis until one is there. */
    synchronized long take(int perMinute, long now) {
      capacity = perMinute;
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double perMilli = capacity / 60_000.0;
      return (long) Math.ceil((1 - tokens) / perMilli);
    }

    synchronized long updatedAt() {
      return updatedAt;
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      long elapsed = Math.max(0, now - updatedAt);
      tokens = Math.min(capacity, tokens + elapsed * (capacity / 60_000.0));
      updatedAt = now;
    }
  }
}
