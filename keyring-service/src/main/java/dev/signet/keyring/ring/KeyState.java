package dev.signet.keyring.ring;

import java.util.Locale;

/** Where a signing key is in its life; the column {@code signing_keys.state} holds the name. */
public enum KeyState {
  /** Published in JWKS so caches learn it; does not sign yet. */
  PENDING,
  /**
   * Signs; exactly one in the ring, of the algorithm the rotation policy named when it was made.
   */
  ACTIVE,
  /** Published and verifies tokens it signed; no longer signs. */
  PREVIOUS,
  /** Unpublished after every token it signed has expired. */
  RETIRED,
  /** Unpublished at once and never verifies again. */
  REVOKED;

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static KeyState fromColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether JWKS lists keys in this state. */
  public boolean published() {
    return this == PENDING || this == ACTIVE || this == PREVIOUS;
  }
}
