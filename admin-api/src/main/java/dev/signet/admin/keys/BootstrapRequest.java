package dev.signet.admin.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/keys/bootstrap}. */
public record BootstrapRequest(
    @JsonProperty("key_enrollment_token") @NotBlank @Size(max = 128) @Clean
        String keyEnrollmentToken) {}
