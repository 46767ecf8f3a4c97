package dev.signet.common.auth;

import java.time.Duration;

/**
 * Allowed clock difference between a token's issuer and its verifier. Placeholder of the lead's
 * interface (issue 13, design 6) so token-service compiles; the lead's version adds the default.
 */
public interface ClockSkew {

  Duration current();
}
