package dev.signet.admin.ratelimit;

/** A budget is used up: 429 with Retry-After until its window ends. */
public class BudgetExceeded extends RuntimeException {

  private final String bucket;
  private final long retryAfterSeconds;

  BudgetExceeded(String bucket, long retryAfterSeconds) {
    super("request budget " + bucket + " used up", null, false, false);
    this.bucket = bucket;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String bucket() {
    return bucket;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
