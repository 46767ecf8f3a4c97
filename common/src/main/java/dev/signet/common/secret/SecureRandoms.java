package dev.signet.common.secret;

import java.security.SecureRandom;

/**
 * The SecureRandom for secrets, nonces and keys, created on first use instead of in a static
 * initialiser: a native image initialises classes at build time and refuses a SecureRandom in its
 * heap (the seed would be baked into the binary).
 */
public final class SecureRandoms {

  private static volatile SecureRandom instance;

  private SecureRandoms() {}

  public static SecureRandom get() {
    SecureRandom r = instance;
    if (r == null) {
      synchronized (SecureRandoms.class) {
        r = instance;
        if (r == null) {
          r = new SecureRandom();
          instance = r;
        }
      }
    }
    return r;
  }
}
