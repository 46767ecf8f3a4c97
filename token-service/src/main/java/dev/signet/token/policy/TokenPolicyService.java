package dev.signet.token.policy;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.InvalidInputException;
import dev.signet.token.config.TokenConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Reads and edits the token policy. Grants read it through a cache; an edit drops it at once on
 * this replica and, through {@value DatabaseChannels#TOKEN_POLICY_CHANGED} notified at commit, on
 * the others.
 */
@ApplicationScoped
public class TokenPolicyService {

  /** The one row of {@code token_policy}. */
  static final String DEFAULT_ID = "default";

  private record Cached(TokenPolicyView policy, Instant loadedAt) {}

  private final AuditRecorder audit;
  private final TokenConfig config;
  private final Clock clock;
  private final Pool pool;
  private volatile Cached cached;

  TokenPolicyService(
      AuditRecorder audit, TokenConfig config, Clock clock, DatabaseChannels channels, Pool pool) {
    this.pool = pool;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    channels.listen(DatabaseChannels.TOKEN_POLICY_CHANGED, payload -> cached = null);
  }

  /** The policy, from the cache when it is fresh. */
  public Uni<TokenPolicyView> current() {
    Cached c = cached;
    Instant now = Instant.now(clock);
    if (c != null && c.loadedAt().plus(config.policyCacheTtl()).isAfter(now)) {
      return Uni.createFrom().item(c.policy());
    }
    return load().invoke(p -> cached = new Cached(p, now));
  }

  /** The policy as stored now, bypassing the cache. */
  public Uni<TokenPolicyView> load() {
    return read(pool, "");
  }

  /** Replaces the lifetimes, with the old and new values in one audit event. */
  public Uni<TokenPolicyView> update(TokenPolicyUpdate update, String actor) {
    return pool.withTransaction(
            tx -> read(tx, " FOR UPDATE").chain(before -> replace(tx, before, update, actor)))
        .invoke(view -> cached = null);
  }

  /** In {@code tx}: writes the update, audits what changed and notifies the other replicas. */
  private Uni<TokenPolicyView> replace(
      SqlConnection tx, TokenPolicyView before, TokenPolicyUpdate update, String actor) {
    AuditEvent.Builder event =
        AuditEvent.builder("token_policy.updated")
            .actor(actor)
            .target("token_policy/" + DEFAULT_ID);
    change(
        event,
        "access_token_ttl_seconds",
        before.accessTokenTtlSeconds(),
        update.accessTokenTtlSeconds());
    change(
        event,
        "refresh_token_ttl_seconds",
        before.refreshTokenTtlSeconds(),
        update.refreshTokenTtlSeconds());
    change(
        event,
        "agent_token_ttl_seconds",
        before.agentTokenTtlSeconds(),
        update.agentTokenTtlSeconds());
    change(
        event,
        "audience_token_ttl_seconds",
        before.audienceTokenTtlSeconds(),
        update.audienceTokenTtlSeconds());
    change(
        event,
        "refresh_reuse_grace_seconds",
        before.refreshReuseGraceSeconds(),
        update.refreshReuseGraceSeconds());
    change(event, "clock_skew_seconds", before.clockSkewSeconds(), update.clockSkewSeconds());
    long maxLifetime = update.maxLifetimeOr(before.refreshTokenMaxLifetimeSeconds());
    if (maxLifetime < update.refreshTokenTtlSeconds()) {
      throw new InvalidInputException(
          "refresh_token_max_lifetime_seconds", "must be at least refresh_token_ttl_seconds");
    }
    change(
        event,
        "refresh_token_max_lifetime_seconds",
        before.refreshTokenMaxLifetimeSeconds(),
        maxLifetime);
    TokenPolicyView after =
        new TokenPolicyView(
            update.accessTokenTtlSeconds(),
            update.refreshTokenTtlSeconds(),
            update.agentTokenTtlSeconds(),
            update.audienceTokenTtlSeconds(),
            update.refreshReuseGraceSeconds(),
            update.clockSkewSeconds(),
            maxLifetime,
            Instant.now(clock),
            actor);
    return write(tx, after)
        .chain(() -> audit.record(tx, event))
        .chain(
            () ->
                DatabaseChannels.notifyOnCommit(
                    tx, DatabaseChannels.TOKEN_POLICY_CHANGED, DEFAULT_ID))
        .replaceWith(after);
  }

  private static Uni<TokenPolicyView> read(SqlClient client, String lock) {
    return client
        .preparedQuery(
            "SELECT access_token_ttl_seconds, refresh_token_ttl_seconds, agent_token_ttl_seconds,"
                + " audience_token_ttl_seconds, refresh_reuse_grace_seconds, clock_skew_seconds,"
                + " refresh_token_max_lifetime_seconds, updated_at, updated_by FROM token_policy WHERE id = $1"
                + lock)
        .execute(Tuple.of(DEFAULT_ID))
        .map(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                throw ProblemException.unavailable("The token policy row is missing.");
              }
              Row row = it.next();
              return new TokenPolicyView(
                  row.getLong("access_token_ttl_seconds"),
                  row.getLong("refresh_token_ttl_seconds"),
                  row.getLong("agent_token_ttl_seconds"),
                  row.getLong("audience_token_ttl_seconds"),
                  row.getInteger("refresh_reuse_grace_seconds"),
                  row.getInteger("clock_skew_seconds"),
                  row.getLong("refresh_token_max_lifetime_seconds"),
                  row.getOffsetDateTime("updated_at").toInstant(),
                  row.getString("updated_by"));
            });
  }

  private static Uni<Void> write(SqlConnection tx, TokenPolicyView policy) {
    return tx.preparedQuery(
            "UPDATE token_policy SET access_token_ttl_seconds = $2, refresh_token_ttl_seconds = $3,"
                + " agent_token_ttl_seconds = $4, audience_token_ttl_seconds = $5,"
                + " refresh_reuse_grace_seconds = $6, clock_skew_seconds = $7, updated_at = $8,"
                + " updated_by = $9, refresh_token_max_lifetime_seconds = $10 WHERE id = $1")
        .execute(
            Tuple.tuple()
                .addString(DEFAULT_ID)
                .addLong(policy.accessTokenTtlSeconds())
                .addLong(policy.refreshTokenTtlSeconds())
                .addLong(policy.agentTokenTtlSeconds())
                .addLong(policy.audienceTokenTtlSeconds())
                .addInteger(policy.refreshReuseGraceSeconds())
                .addInteger(policy.clockSkewSeconds())
                .addOffsetDateTime(policy.updatedAt().atOffset(ZoneOffset.UTC))
                .addString(policy.updatedBy())
                .addLong(policy.refreshTokenMaxLifetimeSeconds()))
        .replaceWithVoid();
  }

  private static void change(AuditEvent.Builder event, String name, long before, long after) {
    if (before != after) {
      event.attribute(name, before + " -> " + after);
    }
  }
}
