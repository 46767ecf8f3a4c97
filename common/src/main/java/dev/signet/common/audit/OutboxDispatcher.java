package dev.signet.common.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.config.ServiceConfig;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.input.CleanText;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.reactive.Rounds;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Delivers this service's pending outbox rows to admin-api, oldest first, in batches. A Postgres
 * advisory lock makes one replica the sender at a time; a failed batch is retried with exponential
 * backoff and nothing after it overtakes it, so admin-api sees events in order.
 */
@ApplicationScoped
public class OutboxDispatcher {

  private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

  private final Pool pool;
  private final AuditDeliveryClient client;
  private final AuditConfig config;
  private final ServiceConfig service;
  private final ObjectMapper json;
  private final Clock clock;
  private final OutboxMetrics metrics;

  OutboxDispatcher(
      Pool pool,
      @RestClient AuditDeliveryClient client,
      AuditConfig config,
      ServiceConfig service,
      ObjectMapper json,
      Clock clock,
      OutboxMetrics metrics) {
    this.metrics = metrics;
    this.pool = pool;
    this.client = client;
    this.config = config;
    this.service = service;
    this.json = json;
    this.clock = clock;
  }

  /** The scheduler's name for {@link #scheduled()}, so a test can pause it. */
  public static final String JOB = "signet-outbox-dispatch";

  @Scheduled(
      identity = JOB,
      every = "${signet.audit.dispatch-interval:1s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    if (!config.dispatchEnabled()) {
      return Uni.createFrom().voidItem();
    }
    return dispatchBacklog().plug(LoggedAndDropped.warn(LOG, "audit dispatch round"));
  }

  /** One batch: how many events went out, and whether more were due behind them. */
  private record Round(int delivered, boolean more) {
    static final Round NOTHING = new Round(0, false);
  }

  /**
   * Sends batches for as long as more events are due behind the last one, so delivery keeps up with
   * a service that records more than one batch per interval (one batch a second would let a busy
   * token-service's backlog grow without bound). Stops at the first batch that empties the backlog,
   * fails or finds the lock taken by another replica. Returns how many events were delivered.
   */
  public Uni<Integer> dispatchBacklog() {
    return Rounds.sum(this::round, Round::delivered, Round::more);
  }

  /**
   * Sends at most one batch. Returns how many events were delivered: 0 when nothing was due,
   * another replica holds the lock, or admin-api did not take the batch.
   */
  public Uni<Integer> dispatchOnce() {
    return round().map(Round::delivered);
  }

  private Uni<Round> round() {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('signet.outbox.' || $1))")
                .execute(Tuple.of(service.name()))
                .chain(
                    rows ->
                        rows.iterator().next().getBoolean(0)
                            ? deliverDueBatch(conn)
                            : Uni.createFrom().item(Round.NOTHING)));
  }

  /**
   * The oldest pending rows, at most {@code batchSize}, and of those only as many as PostgreSQL
   * estimates to fit in {@code batchMaxBytes} (stored jsonb size, always at least the first row),
   * so a backlog of large events is not read into memory a thousand at a time to send a few. {@code
   * pending} is how many rows the count limit alone would have taken.
   */
  private static final String DUE_ROWS =
      "SELECT seq, payload::text AS payload, attempts, next_attempt_at, pending FROM ("
          + " SELECT seq, payload, attempts, next_attempt_at, count(*) OVER () AS pending,"
          + " sum(pg_column_size(payload)) OVER (ORDER BY seq) - pg_column_size(payload) AS before"
          + " FROM (SELECT seq, payload, attempts, next_attempt_at FROM outbox"
          + " WHERE service = $1 AND sent_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT $2)"
          + " oldest) sized"
          + " WHERE before < $3 ORDER BY seq";

  /**
   * The oldest pending events, as many as fit in {@code batchSize} and, exactly (UTF-8), {@code
   * batchMaxBytes}; all or none of them are marked sent.
   */
  private Uni<Round> deliverDueBatch(SqlConnection conn) {
    return conn.preparedQuery(DUE_ROWS)
        .execute(Tuple.of(service.name(), config.batchSize(), config.batchMaxBytes()))
        .chain(
            rows -> {
              List<Long> seqs = new ArrayList<>();
              List<String> events = new ArrayList<>();
              int headAttempts = 0;
              OffsetDateTime headDue = null;
              int bytes = 0;
              long pending = 0;
              for (Row row : rows) {
                pending = row.getLong("pending");
                String payload = row.getString("payload");
                int size = payload.getBytes(StandardCharsets.UTF_8).length;
                if (!events.isEmpty() && bytes + size > config.batchMaxBytes()) {
                  break;
                }
                if (headDue == null) {
                  headAttempts = row.getInteger("attempts");
                  headDue = row.getOffsetDateTime("next_attempt_at");
                }
                bytes += size;
                seqs.add(row.getLong("seq"));
                events.add(payload);
              }
              Instant now = Instant.now(clock);
              if (headDue == null || headDue.toInstant().isAfter(now)) {
                return Uni.createFrom().item(Round.NOTHING);
              }
              // More are due behind this batch if the count limit was reached or the batch is
              // shorter than what the count limit took (cut by bytes, estimated or exact).
              boolean moreDue = pending >= config.batchSize() || seqs.size() < pending;
              int attempts = headAttempts;
              return deliver(conn, seqs, events, now)
                  .map(sent -> new Round(sent, moreDue))
                  .onFailure()
                  .recoverWithUni(
                      failure ->
                          markFailed(conn, seqs, attempts, now, failure)
                              .replaceWith(Round.NOTHING));
            });
  }

  /**
   * Sends the events in order. When admin-api refuses a batch as malformed (a 4xx about the body,
   * not about our credentials), the batch is split in halves and each half sent on its own, so the
   * good events go through in order and each event admin-api refuses alone becomes a dead letter
   * with the reason: one bad event costs about log2(batch) extra requests and never blocks the
   * queue. Any other failure fails the whole call, and the round retries later with backoff.
   * Returns how many rows left the queue (delivered or dead-lettered).
   */
  private Uni<Integer> deliver(
      SqlConnection conn, List<Long> seqs, List<String> events, Instant now) {
    return client
        .deliver(batchJson(events))
        .chain(() -> markSent(conn, seqs, now))
        .onFailure(OutboxDispatcher::refusedAsMalformed)
        .recoverWithUni(
            refusal -> {
              if (seqs.size() == 1) {
                return markDead(conn, seqs.get(0), now, refusal);
              }
              int half = seqs.size() / 2;
              return deliver(conn, seqs.subList(0, half), events.subList(0, half), now)
                  .chain(
                      first ->
                          deliver(
                                  conn,
                                  seqs.subList(half, seqs.size()),
                                  events.subList(half, events.size()),
                                  now)
                              .map(second -> first + second));
            });
  }

  /**
   * admin-api's word that the body itself is wrong: 400, 413 or 422. 401, 403, 404, 429 and 5xx say
   * nothing about the events (a token, a route, load) and are retried as they are.
   */
  static boolean refusedAsMalformed(Throwable failure) {
    int status = status(failure);
    return status == 400 || status == 413 || status == 422;
  }

  /** The HTTP response admin-api answered with, anywhere in the failure's cause chain. */
  private static Optional<Response> response(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof WebApplicationException web && web.getResponse() != null) {
        return Optional.of(web.getResponse());
      }
    }
    return Optional.empty();
  }

  private static int status(Throwable failure) {
    return response(failure).map(Response::getStatus).orElse(-1);
  }

  private Uni<Integer> markDead(SqlConnection conn, long seq, Instant now, Throwable refusal) {
    String reason =
        CleanText.forRecord(
            "refused by admin-api with HTTP " + status(refusal) + ": " + refusalDetail(refusal),
            500);
    // A warning with the row, never its content: the payload may be what made it refused.
    LOG.warnf("audit event (outbox seq %d) refused by admin-api; kept as a dead letter", seq);
    metrics.deadLettered();
    return conn.preparedQuery(
            "UPDATE outbox SET dead_at = $1, dead_reason = $2, attempts = attempts + 1,"
                + " last_error = $2 WHERE seq = $3")
        .execute(Tuple.of(utc(now), reason, seq))
        .replaceWith(1);
  }

  /** The problem+json {@code detail} admin-api answered with, when it can be read. */
  private static String refusalDetail(Throwable refusal) {
    return response(refusal).map(OutboxDispatcher::detail).orElse("no detail");
  }

  private static String detail(Response response) {
    try {
      if (response.hasEntity()) {
        String body = response.readEntity(String.class);
        int at = body == null ? -1 : body.indexOf("\"detail\"");
        if (at >= 0) {
          return body.substring(at, Math.min(body.length(), at + 400));
        }
      }
    } catch (RuntimeException ignored) {
      // The entity was consumed or is not text: the status says enough.
    }
    return response.getStatusInfo().getReasonPhrase();
  }

  private Uni<Integer> markSent(SqlConnection conn, List<Long> seqs, Instant now) {
    return conn.preparedQuery(
            "UPDATE outbox SET sent_at = $1, last_error = NULL WHERE seq = ANY($2)")
        .execute(Tuple.of(utc(now), seqs.toArray(new Long[0])))
        .replaceWith(seqs.size());
  }

  private Uni<Integer> markFailed(
      SqlConnection conn, List<Long> seqs, int attempts, Instant now, Throwable failure) {
    Duration delay = backoff(attempts);
    // A warning: events that are not delivered are an audit trail that admins cannot see.
    LOG.warnf(
        "audit delivery of %d events failed (attempt %d), next try in %s: %s",
        seqs.size(), attempts + 1, delay, SafeFailures.describe(failure));
    return conn.preparedQuery(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2"
                + " WHERE seq = ANY($3)")
        .execute(Tuple.of(utc(now.plus(delay)), describe(failure), seqs.toArray(new Long[0])))
        .replaceWith(0);
  }

  /** Exponential: initial, 2x, 4x ... capped at the configured maximum. */
  Duration backoff(int previousAttempts) {
    Duration initial = config.retryInitialBackoff();
    Duration max = config.retryMaxBackoff();
    int shift = Math.min(previousAttempts, 30);
    Duration delay = initial.multipliedBy(1L << shift);
    return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
  }

  /**
   * {@code {"events":[...]}} with each stored payload copied in as it is: the outbox holds events
   * that this service's ObjectMapper wrote, so parsing and writing each again would only cost time.
   */
  private String batchJson(List<String> payloads) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("events");
      for (String payload : payloads) {
        g.writeRawValue(payload);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String describe(Throwable failure) {
    // The class and message of a transport error; bodies are never copied in.
    String text = SafeFailures.describe(failure);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
