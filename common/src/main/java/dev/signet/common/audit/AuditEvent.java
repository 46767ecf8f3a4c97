package dev.signet.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A security event as it travels from a service's outbox to admin-api. The id is fixed when the
 * event is recorded, so a redelivery is recognised and stored once.
 */
// Serialized and read back with our own ObjectMapper (outbox), invisible to the native build.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    @NotNull UUID id,
    @NotBlank @Size(max = 100) String type,
    @NotBlank @Size(max = 50) String service,
    @Size(max = 255) String actor,
    @Size(max = 255) String subject,
    @Size(max = 255) String target,
    @NotNull AuditOutcome outcome,
    Map<String, Object> attributes,
    @JsonProperty("trace_id") @Size(max = 100) String traceId,
    @JsonProperty("occurred_at") @NotNull Instant occurredAt) {

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** Collects the optional parts of an event; the recorder fills id, service and time. */
  public static final class Builder {
    private final String type;
    private String actor;
    private String subject;
    private String target;
    private AuditOutcome outcome = AuditOutcome.SUCCESS;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private String traceId;

    private Builder(String type) {
      this.type = type;
    }

    /** Who did it: a client id, user or service. */
    public Builder actor(String value) {
      this.actor = value;
      return this;
    }

    /** On whose behalf or about whom. */
    public Builder subject(String value) {
      this.subject = value;
      return this;
    }

    /** What it was done to: a key id, token family, account. */
    public Builder target(String value) {
      this.target = value;
      return this;
    }

    public Builder outcome(AuditOutcome value) {
      this.outcome = value;
      return this;
    }

    /** Extra facts; never a secret, token or key material. */
    public Builder attribute(String name, Object value) {
      if (value != null) {
        attributes.put(name, value);
      }
      return this;
    }

    public Builder traceId(String value) {
      this.traceId = value;
      return this;
    }

    public AuditEvent build(String service, Instant now) {
      return new AuditEvent(
          UUID.randomUUID(),
          type,
          service,
          actor,
          subject,
          target,
          outcome,
          Map.copyOf(attributes),
          traceId,
          now);
    }
  }
}
