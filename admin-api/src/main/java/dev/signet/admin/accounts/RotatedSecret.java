package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer to a secret rotation: the new secret (shown once) and until when the old one works.
 * Registered for reflection: it is a {@code Response} entity, which Quarkus cannot see when it
 * builds a native image.
 */
@RegisterForReflection
@Schema(name = "RotatedSecret")
public record RotatedSecret(
    @Schema(example = "ci-deployer") @JsonProperty("client_id") String clientId,
    @Schema(example = "Zx8bQ1nV4mT7rK2yW9cF3hJ6pL0sD5gA8eU1iO4uY7t") @JsonProperty("client_secret")
        String clientSecret,
    @Schema(
            example = "2026-11-25T21:00:00Z",
            description = "Until then the previous secret still authenticates; null when none.")
        @JsonProperty("previous_secret_expires_at")
        Instant previousSecretExpiresAt) {}
