package dev.signet.keyring.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The published key set as served: the exact body bytes, their strong ETag, and the facts that
 * bound how long a cache may keep them.
 *
 * @param nextChange the next scheduled key-state change, or null when none is scheduled
 * @param nextRotation when the active key is due to be replaced, or null
 */
public record JwksSnapshot(
    byte[] body,
    String etag,
    int publishedKeys,
    Duration policyMaxAge,
    Instant nextChange,
    Instant nextRotation,
    Map<String, Long> keysByState) {

  /** Cache lifetime at {@code now}: the policy's max-age, cut to the time left until a change. */
  public long maxAgeSeconds(Instant now) {
    long maxAge = policyMaxAge.getSeconds();
    if (nextChange != null) {
      long untilChange = Duration.between(now, nextChange).getSeconds();
      maxAge = Math.min(maxAge, Math.max(0, untilChange));
    }
    return Math.max(0, maxAge);
  }
}
