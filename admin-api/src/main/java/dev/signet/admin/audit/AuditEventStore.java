package dev.signet.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The audit_events table: idempotent inserts keyed by event id, and filtered cursor reads. */
@ApplicationScoped
public class AuditEventStore {

  private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};

  /** Parameters per event in {@link #insertAllIfAbsent}, and the VALUES row that takes them. */
  private static final int COLUMNS = 10;

  private static final String ROW =
      "(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, CAST(CAST(?%d AS text) AS jsonb), ?%d, ?%d)";

  private final ObjectMapper json;

  AuditEventStore(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Inserts the events whose ids are not stored yet, in their order, in one statement (a batch of
   * 200 is one round trip, not 200); returns the ids that were new.
   */
  public Uni<Set<UUID>> insertAllIfAbsent(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    StringBuilder sql =
        new StringBuilder(
            "WITH stored AS (INSERT INTO audit_events (id, type, service, actor, subject, target,"
                + " outcome, attributes, trace_id, occurred_at) VALUES ");
    for (int i = 0; i < events.size(); i++) {
      int p = i * COLUMNS;
      sql.append(i == 0 ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  ROW,
                  p + 1,
                  p + 2,
                  p + 3,
                  p + 4,
                  p + 5,
                  p + 6,
                  p + 7,
                  p + 8,
                  p + 9,
                  p + 10));
    }
    sql.append(" ON CONFLICT (id) DO NOTHING RETURNING id) SELECT CAST(id AS text) FROM stored");
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.createNativeQuery(sql.toString(), String.class);
              for (int i = 0; i < events.size(); i++) {
                AuditEvent e = events.get(i);
                int p = i * COLUMNS;
                query
                    .setParameter(p + 1, e.id())
                    .setParameter(p + 2, e.type())
                    .setParameter(p + 3, e.service())
                    .setParameter(p + 4, e.actor())
                    .setParameter(p + 5, e.subject())
                    .setParameter(p + 6, e.target())
                    .setParameter(p + 7, e.outcome().wire())
                    .setParameter(p + 8, write(e.attributes()))
                    .setParameter(p + 9, e.traceId())
                    .setParameter(p + 10, e.occurredAt().atOffset(ZoneOffset.UTC));
              }
              return query.getResultList();
            })
        .map(
            ids -> {
              Set<UUID> stored = new HashSet<>();
              for (String id : ids) {
                stored.add(UUID.fromString(id));
              }
              return stored;
            });
  }

  /** Newest first, strictly before the cursor's sequence number. */
  public Uni<AuditEventPage> search(AuditQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, id, type, service, actor, subject, target, outcome, attributes::text,"
                + " trace_id, occurred_at FROM audit_events WHERE true");
    List<Object> params = new ArrayList<>();
    condition(sql, params, "type = ", q.type());
    condition(sql, params, "actor = ", q.actor());
    condition(sql, params, "subject = ", q.subject());
    condition(sql, params, "occurred_at >= ", utc(q.from()));
    condition(sql, params, "occurred_at < ", utc(q.to()));
    condition(sql, params, "seq < ", q.before());
    sql.append(" ORDER BY seq DESC LIMIT ").append(q.limit() + 1);
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.createNativeQuery(sql.toString(), Object[].class);
              for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
              }
              return query.getResultList();
            })
        .map(rows -> page(rows, q.limit()));
  }

  private AuditEventPage page(List<Object[]> rows, int limit) {
    List<AuditEvent> items = new ArrayList<>();
    long lastSeq = 0;
    for (int i = 0; i < Math.min(rows.size(), limit); i++) {
      Object[] r = rows.get(i);
      lastSeq = ((Number) r[0]).longValue();
      items.add(
          new AuditEvent(
              (UUID) r[1],
              (String) r[2],
              (String) r[3],
              (String) r[4],
              (String) r[5],
              (String) r[6],
              AuditOutcome.valueOf(((String) r[7]).toUpperCase(Locale.ROOT)),
              read((String) r[8]),
              (String) r[9],
              toInstant(r[10])));
    }
    String next = rows.size() > limit ? AuditQuery.encodeCursor(lastSeq) : null;
    return new AuditEventPage(items, next);
  }

  private static void condition(
      StringBuilder sql, List<Object> params, String clause, Object value) {
    if (value != null) {
      params.add(value);
      sql.append(" AND ").append(clause).append('?').append(params.size());
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant toInstant(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof java.time.LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC);
    }
    return (Instant) value;
  }

  private String write(Map<String, Object> attributes) {
    try {
      return json.writeValueAsString(attributes == null ? Map.of() : attributes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("attributes are not JSON", e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, ATTRIBUTES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored attributes are not JSON", e);
    }
  }
}
