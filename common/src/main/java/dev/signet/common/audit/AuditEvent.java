package dev.signet.common.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.CleanText;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** Longest actor, subject or target admin-api stores. */
  public static final int IDENTIFIER_MAX = 255;

  /** Longest trace id admin-api stores. */
  public static final int TRACE_ID_MAX = 100;

  /** Longest text attribute (a user agent, a scope list) an event carries. */
  public static final int ATTRIBUTE_TEXT_MAX = 1024;

  /** Most items of a list attribute an event carries. */
  public static final int ATTRIBUTE_ITEMS_MAX = 100;

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

    /**
     * The event with every value bounded and cleaned ({@link CleanText#forRecord}): actors,
     * subjects and targets are often what an anonymous caller sent (a client id, an issuer), and
     * one value admin-api cannot store would otherwise hold up the outbox behind it.
     */
    public AuditEvent build(String service, Instant now) {
      Map<String, Object> cleaned = new LinkedHashMap<>();
      attributes.forEach((name, value) -> cleaned.put(name, cleanAttribute(value, 0)));
      return new AuditEvent(
          UUID.randomUUID(),
          type,
          service,
          CleanText.forRecord(actor, IDENTIFIER_MAX),
          CleanText.forRecord(subject, IDENTIFIER_MAX),
          CleanText.forRecord(target, IDENTIFIER_MAX),
          outcome,
          Collections.unmodifiableMap(cleaned),
          CleanText.forRecord(traceId, TRACE_ID_MAX),
          now);
    }

    private static Object cleanAttribute(Object value, int depth) {
      if (value == null || value instanceof Number || value instanceof Boolean) {
        return value;
      }
      if (depth < 3 && value instanceof Collection<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
          if (out.size() == ATTRIBUTE_ITEMS_MAX) {
            out.add(CleanText.TRUNCATION_MARKER);
            break;
          }
          out.add(cleanAttribute(item, depth + 1));
        }
        return out;
      }
      if (depth < 3 && value instanceof Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach(
            (k, v) ->
                out.put(
                    CleanText.forRecord(String.valueOf(k), IDENTIFIER_MAX),
                    cleanAttribute(v, depth + 1)));
        return out;
      }
      return CleanText.forRecord(value.toString(), ATTRIBUTE_TEXT_MAX);
    }
  }
}
