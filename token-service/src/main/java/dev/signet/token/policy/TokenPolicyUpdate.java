package dev.signet.token.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A full replacement of the token policy. The bounds keep lifetimes sane: access tokens 1 minute to
 * 1 day, refresh tokens 5 minutes to 90 days, the reuse grace window at most 10 seconds, a refresh
 * family 5 minutes to 90 days in all.
 */
public record TokenPolicyUpdate(
    @JsonProperty("access_token_ttl_seconds") @NotNull @Min(60) @Max(86_400)
        Long accessTokenTtlSeconds,
    @JsonProperty("refresh_token_ttl_seconds") @NotNull @Min(300) @Max(7_776_000)
        Long refreshTokenTtlSeconds,
    @JsonProperty("agent_token_ttl_seconds") @NotNull @Min(60) @Max(604_800)
        Long agentTokenTtlSeconds,
    @JsonProperty("audience_token_ttl_seconds") @NotNull @Min(30) @Max(3_600)
        Long audienceTokenTtlSeconds,
    @JsonProperty("refresh_reuse_grace_seconds") @NotNull @Min(0) @Max(10)
        Integer refreshReuseGraceSeconds,
    @JsonProperty("clock_skew_seconds") @NotNull @Min(0) @Max(300) Integer clockSkewSeconds,
    /** Absolute lifetime of a refresh family; unchanged when omitted; at least the sliding TTL. */
    @JsonProperty("refresh_token_max_lifetime_seconds") @Min(300) @Max(7_776_000)
        Long refreshTokenMaxLifetimeSeconds) {

  /** The family lifetime to store: the given one, else the current one. */
  public long maxLifetimeOr(long current) {
    return refreshTokenMaxLifetimeSeconds == null ? current : refreshTokenMaxLifetimeSeconds;
  }
}
