package dev.signet.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How services other than token-service learn that a bearer token was revoked. */
@ConfigMapping(prefix = "signet.auth.revocation")
public interface RevocationConfig {

  /**
   * Whether bearer tokens are checked against revocation at all. Off only in tests of services that
   * run without a token-service; token-service itself always checks its own tables.
   */
  @WithDefault("true")
  boolean check();

  /**
   * token-service's RFC 7662 endpoint (env SIGNET_AUTH_REVOCATION_INTROSPECTION_URL). Unset: the
   * introspection endpoint beside {@code signet.internal.token-url}.
   */
  Optional<String> introspectionUrl();

  /**
   * How long an "active" answer is reused for the same jti: the most a revocation can take to reach
   * this service. A "revoked" answer is kept until the token expires.
   */
  @WithDefault("10s")
  Duration cacheTtl();

  /** Connect and read timeout of the introspection call. */
  @WithDefault("3s")
  Duration timeout();
}
