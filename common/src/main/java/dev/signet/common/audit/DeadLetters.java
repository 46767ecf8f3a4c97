package dev.signet.common.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.config.ServiceConfig;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events of this service's outbox that admin-api refused (see {@link OutboxDispatcher}): listed
 * for an admin, and put back in the queue on request. A retried event keeps its id and place (its
 * seq), so it is delivered before anything newer and stored once.
 */
@ApplicationScoped
public class DeadLetters {

  /** One dead letter as the admin API lists it. */
  public record DeadLetter(
      @JsonProperty("event_id") UUID eventId,
      @JsonProperty("event_type") String eventType,
      String reason,
      int attempts,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("dead_at") Instant deadAt) {}

  /** A page of dead letters, oldest first; {@code next_cursor} is null on the last page. */
  public record DeadLetterPage(
      List<DeadLetter> items, @JsonProperty("next_cursor") String nextCursor) {}

  /** The answer to a retry. */
  public record Retried(@JsonProperty("event_id") UUID eventId, String status) {}

  private final Pool pool;
  private final ServiceConfig service;
  private final AuditRecorder audit;

  DeadLetters(Pool pool, ServiceConfig service, AuditRecorder audit) {
    this.pool = pool;
    this.service = service;
    this.audit = audit;
  }

  public Uni<DeadLetterPage> list(long afterSeq, int limit) {
    return pool.preparedQuery(
            "SELECT seq, event_id, event_type, dead_reason, attempts, created_at, dead_at"
                + " FROM outbox WHERE service = $1 AND dead_at IS NOT NULL AND sent_at IS NULL"
                + " AND seq > $2 ORDER BY seq LIMIT $3")
        .execute(Tuple.of(service.name(), afterSeq, limit + 1))
        .map(
            rows -> {
              List<DeadLetter> items = new ArrayList<>();
              long lastSeq = 0;
              boolean more = false;
              for (Row row : rows) {
                if (items.size() == limit) {
                  more = true;
                  break;
                }
                lastSeq = row.getLong("seq");
                items.add(
                    new DeadLetter(
                        row.getUUID("event_id"),
                        row.getString("event_type"),
                        row.getString("dead_reason"),
                        row.getInteger("attempts"),
                        row.getOffsetDateTime("created_at").toInstant(),
                        row.getOffsetDateTime("dead_at").toInstant()));
              }
              return new DeadLetterPage(items, more ? Long.toString(lastSeq) : null);
            });
  }

  /** Puts the event back at its place in the queue; 404 when it is not a dead letter here. */
  public Uni<Retried> retry(UUID eventId, String actor) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE outbox SET dead_at = NULL, dead_reason = NULL, attempts = 0,"
                        + " next_attempt_at = now() WHERE service = $1 AND event_id = $2"
                        + " AND dead_at IS NOT NULL AND sent_at IS NULL RETURNING event_type")
                .execute(Tuple.of(service.name(), eventId))
                .chain(
                    rows -> {
                      if (rows.rowCount() == 0) {
                        throw ProblemException.notFound(
                            "No dead letter " + eventId + " in this service's outbox.");
                      }
                      String type = rows.iterator().next().getString("event_type");
                      return audit.record(
                          tx,
                          AuditEvent.builder("outbox.dead_letter_retried")
                              .actor(actor)
                              .target("event/" + eventId)
                              .attribute("event_type", type));
                    })
                .replaceWith(new Retried(eventId, "pending")));
  }
}
