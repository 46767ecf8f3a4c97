package dev.signet.keyring.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A full replacement of the rotation policy (PUT). */
public record PolicyUpdate(
    @NotNull @Pattern(regexp = "RS256|ES256|EdDSA", message = "must be RS256, ES256 or EdDSA")
        String algorithm,
    @JsonProperty("rsa_key_size") @Min(2048) @Max(4096) int rsaKeySize,
    @JsonProperty("rotation_interval_seconds") @Min(60) long rotationIntervalSeconds,
    @JsonProperty("pre_publish_seconds") @Min(0) long prePublishSeconds,
    @JsonProperty("grace_period_seconds") @Min(0) long gracePeriodSeconds,
    @JsonProperty("jwks_cache_max_age_seconds") @Min(0) @Max(86_400) long jwksCacheMaxAgeSeconds,
    @JsonProperty("jwks_cache_margin_seconds") @Min(0) long jwksCacheMarginSeconds) {}
