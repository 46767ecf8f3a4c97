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
  private final AuditGroupCommit groupCommit;

  AuditRecorder(
      ObjectMapper json, ServiceConfig service, Clock clock, AuditGroupCommit groupCommit) {
    this.json = json;
    this.service = service;
    this.clock = clock;
    this.groupCommit = groupCommit;
  }

  /** Writes the event to the outbox in the current transaction; call inside one. */
  public Uni<AuditEvent> record(AuditEvent.Builder builder) {
    AuditEvent event = build(builder);
    return Panache.getSession().chain(s -> s.persist(entry(event))).replaceWith(event);
  }

  /**
   * Records an event that has no other change to join, such as a failed authentication or the
   * issuance of a token that creates no rows. It shares a commit with other such events (see {@link
   * AuditGroupCommit}) and completes once that commit is done. Needs no session.
   */
  public Uni<AuditEvent> recordAlone(AuditEvent.Builder builder) {
    AuditEvent event = build(builder);
    return groupCommit.write(entry(event)).replaceWith(event);
  }

  private AuditEvent build(AuditEvent.Builder builder) {
    return builder.build(service.name(), Instant.now(clock));
  }

  private OutboxEntry entry(AuditEvent event) {
    OutboxEntry entry = new OutboxEntry();
    entry.eventId = event.id();
    entry.service = event.service();
    entry.eventType = event.type();
    entry.payload = serialize(event);
    entry.createdAt = event.occurredAt();
    entry.nextAttemptAt = event.occurredAt();
    return entry;
  }

  private String serialize(AuditEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit event attributes must be JSON values", e);
    }
  }
}
