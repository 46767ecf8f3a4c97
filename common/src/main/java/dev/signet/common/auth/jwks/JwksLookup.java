package dev.signet.common.auth.jwks;

import org.jose4j.jwk.PublicJsonWebKey;

/** The answer to "which key has this kid"; every caller handles all three. */
public sealed interface JwksLookup {

  /** The issuer publishes a usable asymmetric key with the kid. */
  record Found(PublicJsonWebKey key) implements JwksLookup {}

  /** The issuer's current key set (refetched at most once per interval) has no such kid. */
  record UnknownKid() implements JwksLookup {}

  /** The key set could not be fetched or read; {@code reason} names why, never a key. */
  record Unavailable(String reason) implements JwksLookup {}
}
