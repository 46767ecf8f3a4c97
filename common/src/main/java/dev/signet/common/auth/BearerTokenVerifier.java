package dev.signet.common.auth;

import io.smallrye.mutiny.Uni;

/**
 * Checks a bearer JWT's signature, {@code iss}, {@code typ} and times; the audience is the caller's
 * to check (it depends on the endpoint, see {@link RequiresAudience}). Two ways, chosen by {@code
 * signet.auth.verifier}: {@code database} ({@link TokenVerifier}, Signet's own services, which
 * share the {@code signing_keys} table) and {@code jwks} ({@link JwksTokenVerifier}, a resource
 * server that only knows the issuer's URL).
 */
public interface BearerTokenVerifier {

  /**
   * Fails with {@link InvalidTokenException} when the token is not good, and with another failure
   * (answered 503) when the keys cannot be read.
   */
  Uni<VerifiedToken> verify(String jwt);
}
