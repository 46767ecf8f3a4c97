package dev.signet.cert.policy;

import dev.signet.cert.CertConfig;
import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.SignetClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lifetime a certificate gets: the requested TTL (or the longest allowed when none was asked),
 * clamped by the caller's principal type and, for CI jobs, by the job token's expiry.
 */
public final class TtlClamp {

  /**
   * @param ttl the lifetime granted
   * @param clampedBy empty when the request was granted as asked; otherwise why it was shortened
   */
  public record Granted(Duration ttl, Optional<String> clampedBy) {}

  private final CertConfig.Ttl limits;

  public TtlClamp(CertConfig.Ttl limits) {
    this.limits = limits;
  }

  /**
   * @param principalType the token's {@code principal_type} claim; null means service account
   * @param requested the TTL asked for, if any
   * @param tokenExpiry the caller token's expiry
   */
  public Granted client(
      String principalType, Optional<Duration> requested, Instant tokenExpiry, Instant now) {
    String type = principalType == null ? SignetClaims.PRINCIPAL_SERVICE_ACCOUNT : principalType;
    Duration limit;
    String reason;
    switch (type) {
      case SignetClaims.PRINCIPAL_USER -> {
        limit = limits.developer();
        reason = "developer certificates last at most " + limits.developer();
      }
      case SignetClaims.PRINCIPAL_CI_JOB -> {
        Duration untilExpiry = Duration.between(now, tokenExpiry);
        if (untilExpiry.compareTo(limits.ci()) < 0) {
          if (untilExpiry.isNegative() || untilExpiry.isZero()) {
            throw ProblemException.unauthorized("the job token has expired");
          }
          limit = untilExpiry;
          reason = "CI certificates end when the job token expires";
        } else {
          limit = limits.ci();
          reason = "CI certificates last at most " + limits.ci();
        }
      }
      default -> {
        limit = limits.service();
        reason = "service certificates last at most " + limits.service();
      }
    }
    return clamp(requested, limit, reason);
  }

  public Granted server(Optional<Duration> requested) {
    return clamp(requested, limits.server(), "server certificates last at most " + limits.server());
  }

  private static Granted clamp(Optional<Duration> requested, Duration limit, String reason) {
    if (requested.isEmpty()) {
      return new Granted(limit, Optional.empty());
    }
    Duration asked = requested.get();
    if (asked.isNegative() || asked.isZero()) {
      throw ProblemException.badRequest("a TTL must be positive");
    }
    return asked.compareTo(limit) > 0
        ? new Granted(limit, Optional.of(reason))
        : new Granted(asked, Optional.empty());
  }
}
