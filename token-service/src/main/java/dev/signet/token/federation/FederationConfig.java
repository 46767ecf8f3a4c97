package dev.signet.token.federation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of token exchange with external issuers (SIGNET_FEDERATION_...). */
@ConfigMapping(prefix = "signet.federation")
public interface FederationConfig {

  /**
   * Longest lifetime (exp minus iat) a subject token may have; longer-lived tokens are refused, and
   * the replay store keeps each exchanged token this long at most.
   */
  @WithDefault("1h")
  Duration maxSubjectTokenLifetime();

  /** Tolerance on exp, nbf and iat of external tokens. */
  @WithDefault("30s")
  Duration clockSkew();

  /**
   * How long the trusts of an issuer are reused before they are read again. Edits drop the entry on
   * every replica at once (LISTEN/NOTIFY); this bounds staleness while that is down.
   */
  @WithDefault("60s")
  Duration trustCacheTtl();

  /** Connect and read timeout of a discovery or JWKS fetch. */
  @WithDefault("5s")
  Duration jwksTimeout();

  /** Largest discovery or JWKS body read. */
  @WithDefault("102400")
  int jwksMaxBytes();

  /** An unknown kid refetches an issuer's keys at most once per this interval. */
  @WithDefault("1m")
  Duration jwksRefetchInterval();

  /** Lower bound on how long a fetched key set is kept, whatever its Cache-Control says. */
  @WithDefault("1m")
  Duration jwksMinCache();

  /** Upper bound on how long a fetched key set is kept. */
  @WithDefault("24h")
  Duration jwksMaxCache();

  /** How long a key set without Cache-Control max-age is kept. */
  @WithDefault("10m")
  Duration jwksDefaultCache();
}
