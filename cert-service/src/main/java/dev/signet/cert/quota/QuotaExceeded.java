package dev.signet.cert.quota;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;

/** The identity used up its hourly issuance quota: 429 with Retry-After until the next window. */
public final class QuotaExceeded extends ProblemException {

  private final long retryAfterSeconds;

  public QuotaExceeded(int limit, long retryAfterSeconds) {
    super(
        Problem.of(
            429,
            "quota-exceeded",
            "Issuance quota exceeded",
            "this identity may obtain " + limit + " certificates per hour; try again later"));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
