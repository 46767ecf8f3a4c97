package dev.signet.common.audit;

import java.util.List;

/** Body of {@code POST /internal/v1/audit-events}: events in the order they were recorded. */
public record AuditBatch(List<AuditEvent> events) {}
