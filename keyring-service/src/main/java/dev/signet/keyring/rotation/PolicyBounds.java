package dev.signet.keyring.rotation;

/**
 * The range of every rotation policy setting. With these bounds every instant the key ring computes
 * from a policy (activation, next rotation, retire-after) stays within a few years of now, far
 * inside both {@link java.time.Instant} and PostgreSQL's timestamptz, so no accepted policy can
 * stop the rotation job or an emergency revoke. Migration V101 holds the same bounds as CHECK
 * constraints on {@code rotation_policy}.
 */
public final class PolicyBounds {

  private PolicyBounds() {}

  /** One hour: below that, caches and clocks cannot follow. */
  public static final long ROTATION_INTERVAL_MIN = 3_600;

  /** Two years. */
  public static final long ROTATION_INTERVAL_MAX = 63_072_000;

  /** Thirty days. */
  public static final long PRE_PUBLISH_MAX = 2_592_000;

  /** Ninety days. */
  public static final long GRACE_PERIOD_MAX = 7_776_000;

  /** One day, as before. */
  public static final long JWKS_CACHE_MAX_AGE_MAX = 86_400;

  /** One day. */
  public static final long JWKS_CACHE_MARGIN_MAX = 86_400;

  /** The RSA modulus sizes the key ring generates. */
  public static final int[] RSA_KEY_SIZES = {2048, 3072, 4096};

  /** Longest token lifetime the key ring plans for, whatever token_policy holds (one year). */
  public static final long TOKEN_LIFETIME_MAX = 31_536_000;

  /** Largest clock skew the key ring plans for, whatever token_policy holds (one hour). */
  public static final long CLOCK_SKEW_MAX = 3_600;
}
