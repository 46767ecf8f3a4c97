package dev.signet.token.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Federation trusts in {@code federation_trust}: admin CRUD (validated, audited in the same
 * transaction) and the exchange's lookup by exact issuer. Lookups are cached per issuer, unknown
 * issuers too (a flood of made-up issuers costs one query each, then nothing); every write notifies
 * {@value #CHANNEL} with the issuer at commit and each replica drops that entry.
 */
@ApplicationScoped
public class FederationTrustStore {

  /** token-service notifies the issuer of a trust it created, changed or deleted, at commit. */
  public static final String CHANNEL = "signet_federation_trusts_changed";

  /** Most issuers cached at once; past it the cache starts again empty. */
  private static final int MAX_CACHED_ISSUERS = 10_000;

  private static final String COLUMNS =
      "id, name, kind, issuer, jwks_uri, audience, rules::text AS rules, enabled, created_at,"
          + " updated_at, created_by, updated_by, version";

  private static final TypeReference<List<RuleBody>> RULES = new TypeReference<>() {};

  private record Cached(List<StoredTrust> trusts, Instant loadedAt) {}

  private final Pool pool;
  private final AuditRecorder audit;
  private final ObjectMapper json;
  private final FederationConfig config;
  private final Clock clock;
  private final Map<String, Cached> byIssuer = new ConcurrentHashMap<>();

  /** Counts invalidations, so a read that raced one does not cache what it read. */
  private final AtomicLong changes = new AtomicLong();

  FederationTrustStore(
      Pool pool,
      AuditRecorder audit,
      ObjectMapper json,
      FederationConfig config,
      Clock clock,
      DatabaseChannels channels) {
    this.pool = pool;
    this.audit = audit;
    this.json = json;
    this.config = config;
    this.clock = clock;
    channels.listen(CHANNEL, this::changed);
  }

  /** Drops the cached trusts of {@code issuer}; {@code null} drops everything. */
  void changed(String issuer) {
    changes.incrementAndGet();
    if (issuer == null) {
      byIssuer.clear();
    } else {
      byIssuer.remove(issuer);
    }
  }

  /** The enabled trusts whose issuer is exactly {@code issuer}, from the cache when fresh. */
  public Uni<List<StoredTrust>> forIssuer(String issuer) {
    Instant now = Instant.now(clock);
    Cached cached = byIssuer.get(issuer);
    if (cached != null && cached.loadedAt().plus(config.trustCacheTtl()).isAfter(now)) {
      return Uni.createFrom().item(cached.trusts());
    }
    long before = changes.get();
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM federation_trust WHERE issuer = $1 AND enabled ORDER BY name")
        .execute(Tuple.of(issuer))
        .map(
            rows -> {
              List<StoredTrust> trusts = map(rows);
              if (byIssuer.size() >= MAX_CACHED_ISSUERS) {
                byIssuer.clear();
              }
              if (changes.get() == before) {
                byIssuer.put(issuer, new Cached(trusts, now));
              }
              return trusts;
            });
  }

  public Uni<List<StoredTrust>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM federation_trust ORDER BY name")
        .execute()
        .map(this::map);
  }

  public Uni<Optional<StoredTrust>> find(UUID id) {
    return find(pool, id, "");
  }

  public Uni<StoredTrust> create(TrustRequest request, String actor) {
    TrustDefinition definition = request.definition();
    TrustValidation.validate(definition);
    UUID id = UUID.randomUUID();
    Instant now = Instant.now(clock);
    StoredTrust trust =
        new StoredTrust(id, definition, request.enabledOrDefault(), now, now, actor, actor, 0);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO federation_trust (id, name, kind, issuer, jwks_uri, audience,"
                            + " rules, enabled, created_at, updated_at, created_by, updated_by,"
                            + " version) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9,"
                            + " $9, $10, $10, 0)")
                    .execute(
                        Tuple.tuple()
                            .addUUID(id)
                            .addString(definition.name())
                            .addString(kind(definition))
                            .addString(definition.issuer())
                            .addString(definition.jwksUri().orElse(null))
                            .addString(definition.audience())
                            .addString(rulesJson(definition))
                            .addBoolean(trust.enabled())
                            .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                            .addString(actor))
                    .chain(() -> audit.record(tx, event("federation_trust.created", trust, actor)))
                    .chain(() -> notify(tx, definition.issuer())))
        .onFailure(PgException.class)
        .transform(FederationTrustStore::conflict)
        .invoke(() -> changed(definition.issuer()))
        .replaceWith(trust);
  }

  public Uni<StoredTrust> replace(UUID id, TrustRequest request, String actor) {
    TrustDefinition definition = request.definition();
    TrustValidation.validate(definition);
    Instant now = Instant.now(clock);
    List<String> issuers = new ArrayList<>(List.of(definition.issuer()));
    return pool.withTransaction(
            tx ->
                find(tx, id, " FOR UPDATE")
                    .chain(
                        found -> {
                          StoredTrust before = found.orElseThrow(FederationTrustStore::notFound);
                          issuers.add(before.definition().issuer());
                          StoredTrust after =
                              new StoredTrust(
                                  id,
                                  definition,
                                  request.enabledOrDefault(),
                                  before.createdAt(),
                                  now,
                                  before.createdBy(),
                                  actor,
                                  before.version() + 1);
                          return tx.preparedQuery(
                                  "UPDATE federation_trust SET name = $2, kind = $3, issuer = $4,"
                                      + " jwks_uri = $5, audience = $6, rules = $7::text::jsonb,"
                                      + " enabled = $8, updated_at = $9, updated_by = $10,"
                                      + " version = version + 1 WHERE id = $1")
                              .execute(
                                  Tuple.tuple()
                                      .addUUID(id)
                                      .addString(definition.name())
                                      .addString(kind(definition))
                                      .addString(definition.issuer())
                                      .addString(definition.jwksUri().orElse(null))
                                      .addString(definition.audience())
                                      .addString(rulesJson(definition))
                                      .addBoolean(after.enabled())
                                      .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                                      .addString(actor))
                              .chain(
                                  () ->
                                      audit.record(
                                          tx,
                                          event("federation_trust.updated", after, actor)
                                              .attribute("version", after.version())))
                              .chain(() -> notify(tx, before.definition().issuer()))
                              .chain(() -> notify(tx, definition.issuer()))
                              .replaceWith(after);
                        }))
        .onFailure(PgException.class)
        .transform(FederationTrustStore::conflict)
        .invoke(() -> issuers.forEach(this::changed));
  }

  public Uni<Void> delete(UUID id, String actor) {
    List<String> issuers = new ArrayList<>();
    return pool.withTransaction(
            tx ->
                find(tx, id, " FOR UPDATE")
                    .chain(
                        found -> {
                          StoredTrust trust = found.orElseThrow(FederationTrustStore::notFound);
                          issuers.add(trust.definition().issuer());
                          return tx.preparedQuery("DELETE FROM federation_trust WHERE id = $1")
                              .execute(Tuple.of(id))
                              .chain(
                                  () ->
                                      audit.record(
                                          tx, event("federation_trust.deleted", trust, actor)))
                              .chain(() -> notify(tx, trust.definition().issuer()));
                        }))
        .invoke(() -> issuers.forEach(this::changed))
        .replaceWithVoid();
  }

  private static Uni<Void> notify(SqlConnection tx, String issuer) {
    return DatabaseChannels.notifyOnCommit(tx, CHANNEL, issuer);
  }

  private static AuditEvent.Builder event(String type, StoredTrust trust, String actor) {
    TrustDefinition d = trust.definition();
    return AuditEvent.builder(type)
        .actor(actor)
        .target("federation_trust/" + trust.id())
        .attribute("name", d.name())
        .attribute("kind", kind(d))
        .attribute("issuer", d.issuer())
        .attribute("audience", d.audience())
        .attribute("enabled", trust.enabled())
        .attribute("rules", d.rules().stream().map(FederationRule::name).toList());
  }

  private Uni<Optional<StoredTrust>> find(SqlClient client, UUID id, String lock) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM federation_trust WHERE id = $1" + lock)
        .execute(Tuple.of(id))
        .map(rows -> map(rows).stream().findFirst());
  }

  private List<StoredTrust> map(RowSet<Row> rows) {
    List<StoredTrust> trusts = new ArrayList<>();
    for (Row row : rows) {
      trusts.add(map(row));
    }
    return List.copyOf(trusts);
  }

  private StoredTrust map(Row row) {
    List<RuleBody> rules;
    try {
      rules = json.readValue(row.getString("rules"), RULES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("federation_trust.rules is not a rule list", e);
    }
    TrustDefinition definition =
        new TrustDefinition(
            row.getString("name"),
            TrustKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
            row.getString("issuer"),
            Optional.ofNullable(row.getString("jwks_uri")),
            row.getString("audience"),
            rules.stream().map(RuleBody::toRule).toList());
    return new StoredTrust(
        row.getUUID("id"),
        definition,
        Boolean.TRUE.equals(row.getBoolean("enabled")),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(),
        row.getString("created_by"),
        row.getString("updated_by"),
        row.getLong("version"));
  }

  private String rulesJson(TrustDefinition definition) {
    try {
      return json.writeValueAsString(definition.rules().stream().map(RuleBody::of).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rules do not serialise", e);
    }
  }

  private static String kind(TrustDefinition definition) {
    return definition.kind().name().toLowerCase(Locale.ROOT);
  }

  private static ProblemException notFound() {
    return ProblemException.notFound("No federation trust with this id.");
  }

  /** A unique violation is the admin's mistake (409); anything else stays a server failure. */
  private static Throwable conflict(Throwable e) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return ProblemException.conflict(
          "Another trust has this name, or this issuer with this audience.");
    }
    return e;
  }
}
