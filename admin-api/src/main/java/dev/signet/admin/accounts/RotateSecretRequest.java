package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of a secret rotation; 0 drops the old secret at once. */
@Schema(name = "RotateSecret", example = "{\"overlap_seconds\": 3600}")
public record RotateSecretRequest(
    @Schema(
            description =
                "How long the old secret keeps working; the configured default if absent.",
            example = "3600")
        @JsonProperty("overlap_seconds")
        @PositiveOrZero
        Long overlapSeconds) {}
