package dev.signet.token.federation;

import org.jose4j.jwt.JwtClaims;

/**
 * What checking an external subject token gave: every caller handles all three. {@code check} names
 * the failed check ({@code format, alg, kid, issuer, aud, kid_unknown, signature, exp, nbf, iat,
 * lifetime}); descriptions never carry the token or its claim values.
 */
public sealed interface ExternalTokenCheck {

  /** The token's {@code iss} as it claimed it (not yet trusted when refused), or null. */
  String issuer();

  /** Signature, issuer, audience and times hold for {@code trust}. */
  record Verified(StoredTrust trust, JwtClaims claims, String issuer)
      implements ExternalTokenCheck {}

  /** The token is not acceptable; {@code trust} is the issuer's trust when one was found. */
  record Refused(String check, String description, String issuer, StoredTrust trust)
      implements ExternalTokenCheck {}

  /** The issuer's keys could not be had; the token is neither good nor bad yet (503). */
  record Unavailable(String reason, String issuer, StoredTrust trust)
      implements ExternalTokenCheck {}
}
