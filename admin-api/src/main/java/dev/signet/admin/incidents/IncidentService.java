package dev.signet.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Lists incidents and moves them open -> acknowledged -> resolved, audited with the admin. */
@ApplicationScoped
public class IncidentService {

  private final IncidentRepository incidents;
  private final AuditRecorder audit;
  private final ObjectMapper json;
  private final Clock clock;

  IncidentService(
      IncidentRepository incidents, AuditRecorder audit, ObjectMapper json, Clock clock) {
    this.incidents = incidents;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  @WithSession
  public Uni<Page<IncidentView>> list(
      Optional<String> status, Optional<String> type, PageRequest page) {
    return incidents
        .list(status, type, page.afterSeq(), page.limit() + 1)
        .map(rows -> Page.of(rows, page.limit(), i -> i.seq, this::view));
  }

  @WithSession
  public Uni<IncidentView> get(UUID id) {
    return require(id).map(this::view);
  }

  @WithTransaction
  public Uni<IncidentView> acknowledge(String actor, UUID id) {
    return require(id)
        .invoke(
            i -> {
              if (!"open".equals(i.status)) {
                throw ProblemException.conflict("Incident is " + i.status + ", not open.");
              }
              i.status = "acknowledged";
              i.acknowledgedAt = Instant.now(clock);
              i.acknowledgedBy = actor;
            })
        .call(i -> audit.record(event("admin.incident.acknowledged", actor, i)))
        .call(incidents::flush)
        .map(this::view);
  }

  @WithTransaction
  public Uni<IncidentView> resolve(String actor, UUID id, String note) {
    return require(id)
        .invoke(
            i -> {
              if ("resolved".equals(i.status)) {
                throw ProblemException.conflict("Incident is already resolved.");
              }
              Instant now = Instant.now(clock);
              if (i.acknowledgedAt == null) {
                i.acknowledgedAt = now;
                i.acknowledgedBy = actor;
              }
              i.status = "resolved";
              i.resolvedAt = now;
              i.resolvedBy = actor;
              i.resolutionNote = note.trim();
            })
        .call(i -> audit.record(event("admin.incident.resolved", actor, i)))
        .call(incidents::flush)
        .map(this::view);
  }

  private static AuditEvent.Builder event(String type, String actor, Incident i) {
    // Deliberately not "incident.*": that prefix would open a new incident for this change.
    return AuditEvent.builder(type)
        .actor(actor)
        .target(i.id.toString())
        .attribute("incident_type", i.type);
  }

  private Uni<Incident> require(UUID id) {
    return incidents
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No incident " + id + "."));
  }

  IncidentView view(Incident i) {
    return new IncidentView(
        i.id,
        i.type,
        i.severity,
        i.status,
        i.subject,
        i.clientId,
        parse(i.details),
        i.sourceEventId,
        i.createdAt,
        i.acknowledgedAt,
        i.acknowledgedBy,
        i.resolvedAt,
        i.resolvedBy,
        i.resolutionNote);
  }

  private JsonNode parse(String details) {
    try {
      return json.readTree(details == null ? "{}" : details);
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }
}
