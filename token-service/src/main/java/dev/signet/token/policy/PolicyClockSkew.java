package dev.signet.token.policy;

import dev.signet.common.auth.ClockSkew;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock skew token verification allows, from the token policy's {@code clock_skew_seconds}.
 * {@link #current()} never waits: it answers the last value read and, at most once a second, starts
 * a refresh through the policy cache (itself dropped on NOTIFY when an admin edits the policy).
 */
@ApplicationScoped
public class PolicyClockSkew implements ClockSkew {

  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final TokenPolicyService policies;
  private final AtomicLong refreshedAt = new AtomicLong(System.nanoTime() - 2 * REFRESH_NANOS);
  private volatile Duration skew = Duration.ofSeconds(30);

  PolicyClockSkew(TokenPolicyService policies) {
    this.policies = policies;
  }

  @Override
  public Duration current() {
    long last = refreshedAt.get();
    long now = System.nanoTime();
    if (now - last > REFRESH_NANOS && refreshedAt.compareAndSet(last, now)) {
      policies
          .current()
          .subscribe()
          .with(p -> skew = Duration.ofSeconds(p.clockSkewSeconds()), failure -> {});
    }
    return skew;
  }
}
