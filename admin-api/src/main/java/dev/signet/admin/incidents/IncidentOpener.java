package dev.signet.admin.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.admin.audit.AuditEventListener;
import dev.signet.common.audit.AuditEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Opens an incident for each audit event of an {@code incident.} type that its sender owns (the
 * event's service is the authenticated caller's, set by the audit intake). An incident event from
 * any other service, or of a type nobody owns, is stored in the trail but opens nothing, so no
 * service can raise another's alarms. The audit intake calls it inside its storing transaction for
 * new events only; the check on the source event id keeps it idempotent even if it were called
 * twice.
 */
@ApplicationScoped
public class IncidentOpener implements AuditEventListener {

  public static final String TYPE_PREFIX = "incident.";

  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");

  /** How bad each known incident type is when the event does not say. */
  private static final Map<String, String> DEFAULT_SEVERITY =
      Map.of(
          "incident.refresh_token_reuse", "high",
          "incident.key_revoked", "critical",
          "incident.repeated_auth_failures", "medium",
          "incident.federation_rule_violation", "high");

  /** The one service that may open each incident type. */
  static final Map<String, String> OWNER =
      Map.of(
          "incident.refresh_token_reuse", "token",
          "incident.repeated_auth_failures", "token",
          "incident.federation_rule_violation", "token",
          "incident.key_revoked", "keyring");

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

  /** Whether the event's service owns its incident type. */
  static boolean sentByOwner(AuditEvent event) {
    return event.service() != null && event.service().equals(OWNER.get(event.type()));
  }

  /** Called by the audit intake, inside its transaction, the first time an event is stored. */
  @Override
  public Uni<Void> onStored(AuditEvent event) {
    return isIncident(event) && sentByOwner(event)
        ? open(event).replaceWithVoid()
        : Uni.createFrom().voidItem();
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
