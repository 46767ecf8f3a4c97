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

  /**
   * One statement for any batch size: the events arrive as one array per column and are unnested in
   * their order, so PostgreSQL parses and plans it once per connection instead of once per batch (a
   * VALUES list of 200 rows is 2,000 parameters and a new statement text for every size).
   * Everything is bound as text and cast in SQL, the one array type every driver binds alike.
   */
  private static final String INSERT_ALL_IF_ABSENT =
      "WITH stored AS (INSERT INTO audit_events (id, type, service, actor, subject, target,"
          + " outcome, attributes, trace_id, occurred_at)"
          + " SELECT CAST(u.id AS uuid), u.type, u.service, u.actor, u.subject, u.target,"
          + " u.outcome, CAST(u.attributes AS jsonb), u.trace_id, CAST(u.occurred_at AS timestamptz)"
          + " FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]),"
          + " CAST(?4 AS text[]), CAST(?5 AS text[]), CAST(?6 AS text[]), CAST(?7 AS text[]),"
          + " CAST(?8 AS text[]), CAST(?9 AS text[]), CAST(?10 AS text[])) WITH ORDINALITY"
          + " AS u(id, type, service, actor, subject, target, outcome, attributes, trace_id,"
          + " occurred_at, n)"
          + " ORDER BY u.n ON CONFLICT (id) DO NOTHING RETURNING id)"
          + " SELECT CAST(id AS text) FROM stored";

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
    int n = events.size();
    String[][] columns = new String[10][n];
    for (int i = 0; i < n; i++) {
      AuditEvent e = events.get(i);
      columns[0][i] = e.id().toString();
      columns[1][i] = e.type();
      columns[2][i] = e.service();
      columns[3][i] = e.actor();
      columns[4][i] = e.subject();
      columns[5][i] = e.target();
      columns[6][i] = e.outcome().wire();
      columns[7][i] = write(e.attributes());
      columns[8][i] = e.traceId();
      columns[9][i] = e.occurredAt().toString();
    }
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.createNativeQuery(INSERT_ALL_IF_ABSENT, String.class);
              for (int c = 0; c < columns.length; c++) {
                query.setParameter(c + 1, columns[c]);
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
    condition(sql, params, "attributes->>'task_id' = ", q.taskId());
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

  /**
   * A task's events, oldest first (at most {@code limit}), and the parent task its first event with
   * a {@code parent_task_id} names (null when none does).
   */
  public Uni<TaskChain.Task> task(String taskId, int limit) {
    String sql =
        "SELECT seq, id, type, service, actor, subject, target, outcome, attributes::text,"
            + " trace_id, occurred_at FROM audit_events WHERE attributes->>'task_id' = ?1"
            + " ORDER BY seq LIMIT "
            + limit;
    return Panache.getSession()
        .chain(
            s -> s.createNativeQuery(sql, Object[].class).setParameter(1, taskId).getResultList())
        .map(
            rows -> {
              List<AuditEvent> events = new ArrayList<>();
              for (Object[] r : rows) {
                events.add(event(r));
              }
              String parent =
                  events.stream()
                      .map(e -> e.attributes().get("parent_task_id"))
                      .filter(p -> p instanceof String s && !s.isEmpty())
                      .map(String.class::cast)
                      .findFirst()
                      .orElse(null);
              return new TaskChain.Task(taskId, parent, events);
            });
  }

  private AuditEventPage page(List<Object[]> rows, int limit) {
    List<AuditEvent> items = new ArrayList<>();
    long lastSeq = 0;
    for (int i = 0; i < Math.min(rows.size(), limit); i++) {
      Object[] r = rows.get(i);
      lastSeq = ((Number) r[0]).longValue();
      items.add(event(r));
    }
    String next = rows.size() > limit ? AuditQuery.encodeCursor(lastSeq) : null;
    return new AuditEventPage(items, next);
  }

  private AuditEvent event(Object[] r) {
    return new AuditEvent(
        (UUID) r[1],
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        (String) r[6],
        AuditOutcome.valueOf(((String) r[7]).toUpperCase(Locale.ROOT)),
        read((String) r[8]),
        (String) r[9],
        toInstant(r[10]));
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
