package dev.signet.admin.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.audit.AuditEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Opens an incident for each audit event whose type starts with {@code incident.}. The audit intake
 * calls it with every stored batch; it joins the intake's transaction when there is one and is
 * idempotent on the event id, so a redelivered event never opens a second incident.
 */
@ApplicationScoped
public class IncidentOpener {

  public static final String TYPE_PREFIX = "incident.";

  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");

  /** How bad each known incident type is when the event does not say. */
  private static final Map<String, String> DEFAULT_SEVERITY =
      Map.of(
          "incident.refresh_token_reuse", "high",
          "incident.key_revoked", "critical",
          "incident.repeated_auth_failures", "medium",
          "incident.federation_rule_violation", "high");

  private final IncidentRepository incidents;
  private final ObjectMapper json;
  private final Clock clock;

  IncidentOpener(IncidentRepository incidents, ObjectMapper json, Clock clock) {
    this.incidents = incidents;
    this.json = json;
    this.clock = clock;
  }

  public static boolean isIncident(AuditEvent event) {
    return event.type() != null && event.type().startsWith(TYPE_PREFIX);
  }

  /** Opens incidents for the incident-type events among these; returns how many were new. */
  public Uni<Integer> openAll(List<AuditEvent> events) {
    List<AuditEvent> relevant = events.stream().filter(IncidentOpener::isIncident).toList();
    if (relevant.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Panache.withTransaction(
        () -> {
          Uni<Integer> chain = Uni.createFrom().item(0);
          for (AuditEvent event : relevant) {
            chain = chain.chain(n -> open(event).map(opened -> opened ? n + 1 : n));
          }
          return chain;
        });
  }

  private Uni<Boolean> open(AuditEvent event) {
    return incidents
        .findBySourceEvent(event.id())
        .chain(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(false);
              }
              return incidents.persist(toIncident(event)).replaceWith(true);
            });
  }

  private Incident toIncident(AuditEvent event) {
    Map<String, Object> attributes = event.attributes() == null ? Map.of() : event.attributes();
    Incident incident = new Incident();
    incident.id = UUID.randomUUID();
    incident.type = event.type();
    incident.severity = severity(event.type(), attributes.get("severity"));
    incident.status = "open";
    incident.subject = event.subject();
    Object clientId = attributes.get("client_id");
    incident.clientId = clientId != null ? clientId.toString() : event.actor();
    incident.details = details(event, attributes);
    incident.sourceEventId = event.id();
    incident.createdAt = event.occurredAt() != null ? event.occurredAt() : Instant.now(clock);
    return incident;
  }

  private static String severity(String type, Object given) {
    if (given instanceof String s && SEVERITIES.contains(s)) {
      return s;
    }
    return DEFAULT_SEVERITY.getOrDefault(type, "high");
  }

  private String details(AuditEvent event, Map<String, Object> attributes) {
    Map<String, Object> details = new LinkedHashMap<>(attributes);
    details.remove("severity");
    details.put("service", event.service());
    if (event.actor() != null) {
      details.put("actor", event.actor());
    }
    if (event.target() != null) {
      details.put("target", event.target());
    }
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }
}
