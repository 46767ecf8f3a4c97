package dev.signet.token.ratelimit;

import dev.signet.token.config.TokenConfig;
import dev.signet.token.oauth.OAuthException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
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
    check("ip:" + ip, config.perIpPerMinute());
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
    long waitMillis =
        buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(perMinute, now);
    if (waitMillis > 0) {
      throw OAuthException.rateLimited(Math.max(1, (waitMillis + 999) / 1000));
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
