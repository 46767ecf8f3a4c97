package dev.signet.common.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.config.ServiceConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * The one call a service makes to record a security event. The row joins the caller's transaction,
 * so the event exists exactly when the change that caused it does.
 */
@ApplicationScoped
public class AuditRecorder {

  private final ObjectMapper json;
  private final ServiceConfig service;
  private final Clock clock;

  AuditRecorder(ObjectMapper json, ServiceConfig service, Clock clock) {
    this.json = json;
    this.service = service;
    this.clock = clock;
  }

  /** Writes the event to the outbox in the current transaction; call inside one. */
  public Uni<AuditEvent> record(AuditEvent.Builder builder) {
    AuditEvent event = builder.build(service.name(), Instant.now(clock));
    OutboxEntry entry = new OutboxEntry();
    entry.eventId = event.id();
    entry.service = event.service();
    entry.eventType = event.type();
    entry.payload = serialize(event);
    entry.createdAt = event.occurredAt();
    entry.nextAttemptAt = event.occurredAt();
    return Panache.getSession().chain(s -> s.persist(entry)).replaceWith(event);
  }

  /** Records an event that has no other change to join, such as a failed authentication. */
  public Uni<AuditEvent> recordAlone(AuditEvent.Builder builder) {
    return Panache.withTransaction(() -> record(builder));
  }

  private String serialize(AuditEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit event attributes must be JSON values", e);
    }
  }
}
