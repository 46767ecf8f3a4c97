package dev.signet.token.audience;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audience registry ({@code audiences}): admin CRUD, validated and audited in the same
 * transaction, and the exchange's lookup, cached per audience (unknown ones too, bounded) and
 * dropped on every replica through {@value #CHANNEL} at commit.
 */
@ApplicationScoped
public class AudienceRegistry {

  /** token-service notifies the audience it created, changed or deleted, at commit. */
  public static final String CHANNEL = "signet_audiences_changed";

  private static final Duration CACHE_TTL = Duration.ofSeconds(60);
  private static final int MAX_CACHED = 10_000;
  private static final String COLUMNS =
      "audience, description, max_ttl_seconds, single_use, created_at, updated_at, created_by,"
          + " updated_by";

  private record Cached(Optional<RegisteredAudience> audience, Instant loadedAt) {}

  private final Pool pool;
  private final AuditRecorder audit;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  AudienceRegistry(Pool pool, AuditRecorder audit, Clock clock, DatabaseChannels channels) {
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    channels.listen(CHANNEL, this::changed);
  }

  void changed(String audience) {
    changes.incrementAndGet();
    if (audience == null) {
      cache.clear();
    } else {
      cache.remove(audience);
    }
  }

  /** The registered audience, from the cache when fresh. */
  public Uni<Optional<RegisteredAudience>> lookup(String audience) {
    Instant now = Instant.now(clock);
    Cached cached = cache.get(audience);
    if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(now)) {
      return Uni.createFrom().item(cached.audience());
    }
    long before = changes.get();
    return find(pool, audience, "")
        .invoke(
            found -> {
              if (cache.size() >= MAX_CACHED) {
                cache.clear();
              }
              if (changes.get() == before) {
                cache.put(audience, new Cached(found, now));
              }
            });
  }

  public Uni<List<RegisteredAudience>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM audiences ORDER BY audience")
        .execute()
        .map(AudienceRegistry::map);
  }

  public Uni<Optional<RegisteredAudience>> find(String audience) {
    return find(pool, audience, "");
  }

  public Uni<RegisteredAudience> create(AudienceRequest request, String actor) {
    String name = validName(request.audience());
    Instant now = Instant.now(clock);
    RegisteredAudience created =
        new RegisteredAudience(
            name,
            request.description(),
            request.maxTtlSeconds(),
            Boolean.TRUE.equals(request.singleUse()),
            now,
            now,
            actor,
            actor);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO audiences ("
                            + COLUMNS
                            + ") VALUES ($1, $2, $3, $4, $5, $5, $6, $6)")
                    .execute(
                        Tuple.tuple()
                            .addString(name)
                            .addString(created.description())
                            .addInteger(created.maxTtlSeconds())
                            .addBoolean(created.singleUse())
                            .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                            .addString(actor))
                    .chain(() -> audit.record(tx, event("audience.created", created, actor)))
                    .chain(() -> DatabaseChannels.notifyOnCommit(tx, CHANNEL, name)))
        .onFailure(PgException.class)
        .transform(
            e ->
                "23505".equals(((PgException) e).getSqlState())
                    ? ProblemException.conflict("This audience is registered already.")
                    : e)
        .invoke(() -> changed(name))
        .replaceWith(created);
  }

  public Uni<RegisteredAudience> replace(String audience, AudienceRequest request, String actor) {
    if (request.audience() != null && !request.audience().equals(audience)) {
      throw ProblemException.validation(
          "The audience is not valid.",
          List.of(new Problem.FieldError("audience", "must be the audience of the path")));
    }
    Instant now = Instant.now(clock);
    return pool.withTransaction(
            tx ->
                find(tx, audience, " FOR UPDATE")
                    .chain(
                        found -> {
                          RegisteredAudience before = found.orElseThrow(AudienceRegistry::notFound);
                          RegisteredAudience after =
                              new RegisteredAudience(
                                  audience,
                                  request.description(),
                                  request.maxTtlSeconds(),
                                  Boolean.TRUE.equals(request.singleUse()),
                                  before.createdAt(),
                                  now,
                                  before.createdBy(),
                                  actor);
                          return tx.preparedQuery(
                                  "UPDATE audiences SET description = $2, max_ttl_seconds = $3,"
                                      + " single_use = $4, updated_at = $5, updated_by = $6"
                                      + " WHERE audience = $1")
                              .execute(
                                  Tuple.tuple()
                                      .addString(audience)
                                      .addString(after.description())
                                      .addInteger(after.maxTtlSeconds())
                                      .addBoolean(after.singleUse())
                                      .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                                      .addString(actor))
                              .chain(
                                  () -> audit.record(tx, event("audience.updated", after, actor)))
                              .chain(() -> DatabaseChannels.notifyOnCommit(tx, CHANNEL, audience))
                              .replaceWith(after);
                        }))
        .invoke(() -> changed(audience));
  }

  public Uni<Void> delete(String audience, String actor) {
    return pool.withTransaction(
            tx ->
                find(tx, audience, " FOR UPDATE")
                    .chain(
                        found -> {
                          RegisteredAudience gone = found.orElseThrow(AudienceRegistry::notFound);
                          return tx.preparedQuery("DELETE FROM audiences WHERE audience = $1")
                              .execute(Tuple.of(audience))
                              .chain(() -> audit.record(tx, event("audience.deleted", gone, actor)))
                              .chain(() -> DatabaseChannels.notifyOnCommit(tx, CHANNEL, audience));
                        }))
        .invoke(() -> changed(audience))
        .replaceWithVoid();
  }

  /** One audience value: no wildcard and no space (the audience parameter is space-separated). */
  private static String validName(String audience) {
    String message = null;
    if (audience == null || audience.isBlank()) {
      message = "is required";
    } else if (audience.contains("*")) {
      message = "must be an exact value, not a wildcard";
    } else if (audience.chars().anyMatch(Character::isWhitespace)) {
      message = "must not contain spaces";
    }
    if (message != null) {
      throw ProblemException.validation(
          "The audience is not valid.", List.of(new Problem.FieldError("audience", message)));
    }
    return audience;
  }

  private static AuditEvent.Builder event(String type, RegisteredAudience a, String actor) {
    return AuditEvent.builder(type)
        .actor(actor)
        .target("audience/" + a.audience())
        .attribute("max_ttl_seconds", a.maxTtlSeconds())
        .attribute("single_use", a.singleUse());
  }

  private static Uni<Optional<RegisteredAudience>> find(
      SqlClient client, String audience, String lock) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM audiences WHERE audience = $1" + lock)
        .execute(Tuple.of(audience))
        .map(rows -> map(rows).stream().findFirst());
  }

  private static List<RegisteredAudience> map(RowSet<Row> rows) {
    List<RegisteredAudience> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(
          new RegisteredAudience(
              row.getString("audience"),
              row.getString("description"),
              row.getInteger("max_ttl_seconds"),
              Boolean.TRUE.equals(row.getBoolean("single_use")),
              row.getOffsetDateTime("created_at").toInstant(),
              row.getOffsetDateTime("updated_at").toInstant(),
              row.getString("created_by"),
              row.getString("updated_by")));
    }
    return List.copyOf(out);
  }

  private static ProblemException notFound() {
    return ProblemException.notFound("No such registered audience.");
  }
}
