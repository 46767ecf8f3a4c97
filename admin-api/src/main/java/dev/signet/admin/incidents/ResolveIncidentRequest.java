package dev.signet.admin.incidents;

import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/incidents/{id}/resolve}. */
@Schema(name = "ResolveIncident", example = "{\"note\": \"Stolen laptop; user re-enrolled\"}")
public record ResolveIncidentRequest(
    @Schema(description = "What was found and done", example = "Stolen laptop; user re-enrolled")
        @NotBlank
        @Size(max = 4000)
        @Clean(singleLine = false)
        String note) {}
