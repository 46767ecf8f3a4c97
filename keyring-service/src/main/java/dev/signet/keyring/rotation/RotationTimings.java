package dev.signet.keyring.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * The arithmetic of a rotation policy. A new key is published at least {@link #leadTime()} before
 * it signs, so every JWKS cache has seen it; a previous key stays published for {@link
 * #retireDelay} so every token it signed expires first.
 */
public record RotationTimings(
    Duration rotationInterval,
    Duration prePublish,
    Duration gracePeriod,
    Duration jwksCacheMaxAge,
    Duration jwksCacheMargin) {

  /**
   * How long before activation the pending key must appear: pre-publish, at least max-age+margin.
   */
  public Duration leadTime() {
    Duration cacheBound = jwksCacheMaxAge.plus(jwksCacheMargin);
    return prePublish.compareTo(cacheBound) >= 0 ? prePublish : cacheBound;
  }

  /** When the key activated at {@code activatedAt} is due to be replaced. */
  public Instant nextRotation(Instant activatedAt) {
    return activatedAt.plus(rotationInterval);
  }

  /** When to create the pending successor of the key activated at {@code activatedAt}. */
  public Instant pendingCreation(Instant activatedAt) {
    return nextRotation(activatedAt).minus(leadTime());
  }

  /**
   * How long a previous key stays published: the grace period, and never less than the longest
   * token lifetime plus clock skew plus the JWKS cache margin.
   */
  public Duration retireDelay(TokenLifetimes lifetimes) {
    Duration floor = lifetimes.longest().plus(lifetimes.clockSkew()).plus(jwksCacheMargin);
    return gracePeriod.compareTo(floor) >= 0 ? gracePeriod : floor;
  }
}
