package dev.signet.keyring.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.keyring.rotation.PolicyBounds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A full replacement of the rotation policy (PUT): every field is required and bounded ({@link
 * PolicyBounds}); how the fields relate is checked by {@link KeyAdministration#updatePolicy}.
 */
public record PolicyUpdate(
    @NotNull
        @Size(max = 16)
        @Pattern(regexp = "RS256|ES256|EdDSA", message = "must be RS256, ES256 or EdDSA")
        String algorithm,
    @JsonProperty("rsa_key_size") @NotNull @KeySize Integer rsaKeySize,
    @JsonProperty("rotation_interval_seconds")
        @NotNull
        @Min(PolicyBounds.ROTATION_INTERVAL_MIN)
        @Max(PolicyBounds.ROTATION_INTERVAL_MAX)
        Long rotationIntervalSeconds,
    @JsonProperty("pre_publish_seconds") @NotNull @Min(0) @Max(PolicyBounds.PRE_PUBLISH_MAX)
        Long prePublishSeconds,
    @JsonProperty("grace_period_seconds") @NotNull @Min(0) @Max(PolicyBounds.GRACE_PERIOD_MAX)
        Long gracePeriodSeconds,
    @JsonProperty("jwks_cache_max_age_seconds")
        @NotNull
        @Min(0)
        @Max(PolicyBounds.JWKS_CACHE_MAX_AGE_MAX)
        Long jwksCacheMaxAgeSeconds,
    @JsonProperty("jwks_cache_margin_seconds")
        @NotNull
        @Min(0)
        @Max(PolicyBounds.JWKS_CACHE_MARGIN_MAX)
        Long jwksCacheMarginSeconds) {}
