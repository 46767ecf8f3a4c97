package dev.signet.common.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit event as it goes into the emitting service's {@code outbox}: the event serialised to
 * JSON, first due for delivery when it was created. A plain value, not an entity, so a service that
 * writes its rows with the Vert.x SQL client never boots Hibernate for the outbox.
 */
public record OutboxRow(
    UUID eventId, String service, String eventType, String payload, Instant createdAt) {}
