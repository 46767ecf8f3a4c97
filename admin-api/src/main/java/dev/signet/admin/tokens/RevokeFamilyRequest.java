package dev.signet.admin.tokens;

import dev.signet.common.input.Clean;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of {@code POST /v1/tokens/families/{family_id}/revoke}. */
@Schema(name = "RevokeFamily", example = "{\"reason\": \"laptop stolen\"}")
public record RevokeFamilyRequest(
    @Schema(example = "laptop stolen") @Size(max = 500) @Clean String reason) {}
