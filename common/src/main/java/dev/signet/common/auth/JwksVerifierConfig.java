package dev.signet.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@link JwksTokenVerifier}: where the issuer's keys are and how they are fetched and cached. */
@ConfigMapping(prefix = "signet.auth.jwks")
public interface JwksVerifierConfig {

  /** The issuer every token must name in {@code iss}; unset: {@code signet.issuer}. */
  Optional<String> issuer();

  /**
   * The JWKS URL; unset: the {@code jwks_uri} of the issuer's {@code
   * /.well-known/openid-configuration} (whose {@code issuer} must be the issuer).
   */
  Optional<String> uri();

  /** Connect and read timeout of each request to the issuer. */
  @WithDefault("5s")
  Duration timeout();

  /** Largest discovery document or key set read; a larger one is refused. */
  @WithDefault("102400")
  int maxBytes();

  /**
   * Shortest time between two fetches caused by unknown kids: a flood of random kids reaches the
   * key server at most once per interval.
   */
  @WithDefault("30s")
  Duration refetchInterval();

  /** Lower bound on how long a key set is kept, whatever its Cache-Control says. */
  @WithDefault("30s")
  Duration minCache();

  /** Upper bound on how long a key set is kept. */
  @WithDefault("1h")
  Duration maxCache();

  /** How long a key set without Cache-Control max-age is kept. */
  @WithDefault("5m")
  Duration defaultCache();
}
