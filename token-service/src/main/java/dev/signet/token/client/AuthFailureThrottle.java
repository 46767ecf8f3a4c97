package dev.signet.token.client;

import dev.signet.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed client authentications per client id, in one-minute windows, per replica. Past the limit
 * the client id is refused (429) until its window ends, even with the right secret, so a secret
 * cannot be guessed at the speed of the token endpoint. Bounded: at most {@link #MAX_ENTRIES} ids.
 */
@ApplicationScoped
public class AuthFailureThrottle {

  static final int MAX_ENTRIES = 100_000;
  private static final long WINDOW_MILLIS = 60_000;

  private static final class Window {
    long startedAt;
    int failures;

    Window(long startedAt) {
      this.startedAt = startedAt;
    }
  }

  private final int maxPerMinute;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  AuthFailureThrottle(TokenConfig config, Clock clock) {
    this.maxPerMinute = config.authFailuresPerMinute();
    this.clock = clock;
  }

  /** Seconds until the client id may try again; 0 when it may now. */
  public long retryAfterSeconds(String clientId) {
    Window w = windows.get(clientId);
    if (w == null || maxPerMinute <= 0) {
      return 0;
    }
    synchronized (w) {
      long left = w.startedAt + WINDOW_MILLIS - clock.millis();
      if (left <= 0 || w.failures < maxPerMinute) {
        return 0;
      }
      return Math.max(1, (left + 999) / 1000);
    }
  }

  /** Counts a failure; true exactly once per window, when this failure reaches the limit. */
  public boolean failed(String clientId) {
    if (maxPerMinute <= 0) {
      return false;
    }
    long now = clock.millis();
    if (windows.size() >= MAX_ENTRIES) {
      windows.values().removeIf(w -> w.startedAt + WINDOW_MILLIS <= now);
      if (windows.size() >= MAX_ENTRIES) {
        windows.clear();
      }
    }
    Window w = windows.computeIfAbsent(clientId, k -> new Window(now));
    synchronized (w) {
      if (w.startedAt + WINDOW_MILLIS <= now) {
        w.startedAt = now;
        w.failures = 0;
      }
      w.failures++;
      return w.failures == maxPerMinute;
    }
  }
}
