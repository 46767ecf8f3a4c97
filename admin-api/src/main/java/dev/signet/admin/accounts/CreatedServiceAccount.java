package dev.signet.admin.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer to a create: the only time the client secret is ever shown. Registered for reflection: it
 * is a {@code Response} entity, which Quarkus cannot see when it builds a native image.
 */
@RegisterForReflection
@Schema(name = "CreatedServiceAccount")
public record CreatedServiceAccount(
    @Schema(example = "ci-deployer") @JsonProperty("client_id") String clientId,
    @Schema(
            example = "q3Vt1c9mB6zW0J4y8rN2dKx5hP7sLa1eFgTuYiOoQwE",
            description = "Shown once; store it now. Null for private_key_jwt clients.")
        @JsonProperty("client_secret")
        String clientSecret,
    ServiceAccountView account) {}
