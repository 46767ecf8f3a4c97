package dev.signet.common.auth;

/**
 * How far a token's times may be off this service's clock. token-service answers from its token
 * policy ({@code clock_skew_seconds}); the other services from {@code signet.auth.clock-skew}.
 */
public interface ClockSkew {

  /** The allowed difference right now; never negative. */
  java.time.Duration current();
}
