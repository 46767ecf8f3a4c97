package dev.signet.common.internal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** This service's own account for calling other services' {@code /internal/v1} endpoints. */
@ConfigMapping(prefix = "signet.internal")
public interface InternalClientConfig {

  /** Token endpoint the internal token is obtained from (env SIGNET_INTERNAL_TOKEN_URL). */
  @WithDefault("http://127.0.0.1:8081/oauth2/token")
  String tokenUrl();

  /**
   * Client id of the internal service account (env SIGNET_INTERNAL_CLIENT_ID). Unset: internal
   * calls go out without a token and the callee refuses them.
   */
  Optional<String> clientId();

  /** Its secret (env SIGNET_INTERNAL_CLIENT_SECRET); never logged. */
  Optional<String> clientSecret();

  /** Scope asked for. */
  @WithDefault("signet:internal")
  String scope();

  /** A cached token is replaced this long before it expires. */
  @WithDefault("60s")
  Duration refreshBefore();

  /** Connect and read timeout of the token request. */
  @WithDefault("5s")
  Duration timeout();
}
