package dev.signet.token.audience;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** An audience a short audience-scoped token may be bound to, as stored and answered. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisteredAudience(
    @JsonProperty("audience") String audience,
    @JsonProperty("description") String description,
    @JsonProperty("max_ttl_seconds") int maxTtlSeconds,
    @JsonProperty("single_use") boolean singleUse,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("updated_by") String updatedBy) {}
