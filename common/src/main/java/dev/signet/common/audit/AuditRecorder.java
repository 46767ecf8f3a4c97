package dev.signet.common.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.config.ServiceConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The one call a service makes to record a security event. The row joins the caller's transaction,
 * so the event exists exactly when the change that caused it does.
 */
@ApplicationScoped
public class AuditRecorder {

  /**
   * The payload parameter is text cast to jsonb: a String bound straight to a jsonb parameter would
   * be stored as a JSON string, not as the object it spells.
   */
  private static final String INSERT =
      "INSERT INTO outbox (event_id, service, event_type, payload, created_at, next_attempt_at)"
          + " VALUES ($1, $2, $3, $4::text::jsonb, $5, $5)";

  /** The same row through a Hibernate Reactive session (ordinal parameters, explicit casts). */
  private static final String INSERT_NATIVE =
      "INSERT INTO outbox (event_id, service, event_type, payload, created_at, next_attempt_at)"
          + " VALUES (CAST(?1 AS uuid), ?2, ?3, CAST(CAST(?4 AS text) AS jsonb), ?5, ?5)";

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

  /**
   * Writes the event to the outbox in the current Hibernate Reactive transaction; call inside one.
   */
  public Uni<AuditEvent> record(AuditEvent.Builder builder) {
    AuditEvent event = build(builder);
    OutboxRow row = row(event);
    OffsetDateTime at = at(row);
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(INSERT_NATIVE)
                    .setParameter(1, row.eventId().toString())
                    .setParameter(2, row.service())
                    .setParameter(3, row.eventType())
                    .setParameter(4, row.payload())
                    .setParameter(5, at)
                    .executeUpdate())
        .replaceWith(event);
  }

  /** Writes the event to the outbox in the caller's Vert.x SQL transaction {@code tx}. */
  public Uni<AuditEvent> record(SqlConnection tx, AuditEvent.Builder builder) {
    AuditEvent event = build(builder);
    OutboxRow row = row(event);
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(row.eventId(), row.service(), row.eventType(), row.payload(), at(row)))
        .replaceWith(event);
  }

  /**
   * Records an event that has no other change to join, such as a failed authentication or the
   * issuance of a token that creates no rows. It shares a commit with other such events (see {@link
   * AuditGroupCommit}) and completes once that commit is done. Needs no session.
   */
  public Uni<AuditEvent> recordAlone(AuditEvent.Builder builder) {
    AuditEvent event = build(builder);
    return groupCommit.write(row(event)).replaceWith(event);
  }

  private AuditEvent build(AuditEvent.Builder builder) {
    return builder.build(service.name(), Instant.now(clock));
  }

  private OutboxRow row(AuditEvent event) {
    return new OutboxRow(
        event.id(), event.service(), event.type(), serialize(event), event.occurredAt());
  }

  private static OffsetDateTime at(OutboxRow row) {
    return row.createdAt().atOffset(ZoneOffset.UTC);
  }

  private String serialize(AuditEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit event attributes must be JSON values", e);
    }
  }
}
