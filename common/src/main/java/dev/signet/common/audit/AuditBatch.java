package dev.signet.common.audit;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /internal/v1/audit-events}: events in the order they were recorded. */
@RegisterForReflection
public record AuditBatch(
    @NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull AuditEvent> events) {}
