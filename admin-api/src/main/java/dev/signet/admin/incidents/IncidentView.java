package dev.signet.admin.incidents;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An incident as admins see it. */
@Schema(name = "Incident")
public record IncidentView(
    @Schema(example = "8d2e5a4c-7b1f-4c3e-9a0d-2f6b1e8c4d11") UUID id,
    @Schema(example = "incident.refresh_token_reuse") String type,
    @Schema(
            example = "high",
            enumeration = {"low", "medium", "high", "critical"})
        String severity,
    @Schema(
            example = "open",
            enumeration = {"open", "acknowledged", "resolved"})
        String status,
    @Schema(example = "user:alice") String subject,
    @Schema(example = "cli") @JsonProperty("client_id") String clientId,
    @Schema(
            description = "Facts from the event that opened it",
            example = "{\"family_id\": \"0b7e...\", \"service\": \"token\"}")
        JsonNode details,
    @Schema(description = "Audit event that opened it") @JsonProperty("source_event_id")
        UUID sourceEventId,
    @Schema(example = "2026-11-24T21:05:00Z") @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("acknowledged_at") Instant acknowledgedAt,
    @Schema(example = "alice") @JsonProperty("acknowledged_by") String acknowledgedBy,
    @JsonProperty("resolved_at") Instant resolvedAt,
    @Schema(example = "alice") @JsonProperty("resolved_by") String resolvedBy,
    @Schema(example = "Stolen laptop; user re-enrolled") @JsonProperty("resolution_note")
        String resolutionNote) {}
