package dev.signet.token.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The token policy as the admin API shows it and the grants read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenPolicyView(
    @JsonProperty("access_token_ttl_seconds") long accessTokenTtlSeconds,
    @JsonProperty("refresh_token_ttl_seconds") long refreshTokenTtlSeconds,
    @JsonProperty("agent_token_ttl_seconds") long agentTokenTtlSeconds,
    @JsonProperty("audience_token_ttl_seconds") long audienceTokenTtlSeconds,
    @JsonProperty("refresh_reuse_grace_seconds") int refreshReuseGraceSeconds,
    @JsonProperty("clock_skew_seconds") int clockSkewSeconds,
    @JsonProperty("refresh_token_max_lifetime_seconds") long refreshTokenMaxLifetimeSeconds,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("updated_by") String updatedBy) {}
