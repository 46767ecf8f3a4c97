package dev.signet.delegation.grant;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import dev.signet.delegation.agent.Agent;
import dev.signet.delegation.agent.AgentRepository;
import dev.signet.delegation.scopes.ScopeRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code delegation_grants} tree. A child is written with its parent row locked, and a
 * revocation locks and revokes the whole subtree in one statement, so no child can slip in under a
 * grant being revoked. Every grant created or revoked is audited; revocations also notify {@link
 * #REVOKED_CHANNEL} for token-service.
 */
@ApplicationScoped
public class GrantRepository {

  /**
   * Payload: {@code {"root": "<revoked grant id>", "grant_ids": ["<id>", ...]}}, at most {@value
   * #NOTIFY_IDS} ids per notification (a larger subtree sends several).
   */
  public static final String REVOKED_CHANNEL = "signet_delegation_grants_revoked";

  static final int NOTIFY_IDS = 100;

  private static final String INSERT =
      "INSERT INTO delegation_grants (id, parent_id, principal, actor, agent_id, scopes,"
          + " audiences, resources, depth, max_depth, expires_at, created_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING "
          + Grant.COLUMNS;

  /** The grant, then its parent, ..., the root. */
  private static final String CHAIN =
      "WITH RECURSIVE chain AS (SELECT g.*, 0 AS up FROM delegation_grants g WHERE g.id = $1"
          + " UNION ALL SELECT p.*, c.up + 1 FROM delegation_grants p JOIN chain c"
          + " ON p.id = c.parent_id WHERE c.up < 10) SELECT "
          + Grant.COLUMNS
          + " FROM chain ORDER BY up";

  private static final String REVOKE_TREE =
      "WITH RECURSIVE tree AS (SELECT id, 0 AS down FROM delegation_grants WHERE id = $1"
          + " UNION ALL SELECT g.id, t.down + 1 FROM delegation_grants g JOIN tree t"
          + " ON g.parent_id = t.id WHERE t.down < 10)"
          + " UPDATE delegation_grants SET revoked_at = now(), revoked_by = $2"
          + " WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL RETURNING "
          + Grant.COLUMNS;

  private final Pool pool;
  private final AuditRecorder audit;
  private final ScopeRepository scopes;
  private final Clock clock;
  private final MeterRegistry registry;

  GrantRepository(
      Pool pool, AuditRecorder audit, ScopeRepository scopes, Clock clock, MeterRegistry registry) {
    this.pool = pool;
    this.audit = audit;
    this.scopes = scopes;
    this.clock = clock;
    this.registry = registry;
  }

  public Uni<Optional<Grant>> find(UUID id) {
    return pool.preparedQuery("SELECT " + Grant.COLUMNS + " FROM delegation_grants WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> grants(rows).stream().findFirst());
  }

  /** Grants where {@code subject} is the principal or the actor, newest first (at most 500). */
  public Uni<List<Grant>> involving(String subject) {
    return pool.preparedQuery(
            "SELECT "
                + Grant.COLUMNS
                + " FROM delegation_grants WHERE principal = $1 OR actor = $1"
                + " ORDER BY created_at DESC LIMIT 500")
        .execute(Tuple.of(subject))
        .map(GrantRepository::grants);
  }

  /** The grant and its ancestors up to the root; empty when the grant does not exist. */
  public static Uni<List<Grant>> chain(SqlClient client, UUID id) {
    return client.preparedQuery(CHAIN).execute(Tuple.of(id)).map(GrantRepository::grants);
  }

  /**
   * Creates a grant. Without a parent the caller is the principal and {@code held} (its token's
   * scopes) the ceiling; with one, the caller must be the parent's actor.
   */
  public Uni<Grant> create(String caller, Set<String> held, GrantWrite w) {
    Instant now = clock.instant();
    return scopes
        .graph()
        .chain(
            graph ->
                pool.withTransaction(
                    tx ->
                        AgentRepository.find(tx, w.agentId())
                            .map(
                                a ->
                                    a.orElseThrow(
                                        () ->
                                            ProblemException.badRequest(
                                                "agent_id names no agent: " + w.agentId())))
                            .chain(
                                agent -> {
                                  if (w.parentId() == null) {
                                    GrantRules.Narrowed n =
                                        GrantRules.root(caller, held, agent, w, graph, now);
                                    return insert(tx, null, caller, agent, n, caller);
                                  }
                                  return tx.preparedQuery(
                                          "SELECT id FROM delegation_grants WHERE id = $1 FOR"
                                              + " UPDATE")
                                      .execute(Tuple.of(w.parentId()))
                                      .chain(() -> chain(tx, w.parentId()))
                                      .chain(
                                          chain -> {
                                            if (chain.isEmpty()) {
                                              throw ProblemException.badRequest(
                                                  "parent_id names no grant: " + w.parentId());
                                            }
                                            GrantRules.Narrowed n =
                                                GrantRules.child(
                                                    caller, chain, agent, w, graph, now);
                                            Grant root = chain.get(chain.size() - 1);
                                            return insert(
                                                tx,
                                                w.parentId(),
                                                root.principal(),
                                                agent,
                                                n,
                                                caller);
                                          });
                                })))
        .invoke(
            g ->
                registry
                    .counter("signet.delegation.grants.created", "depth", String.valueOf(g.depth()))
                    .increment());
  }

  private Uni<Grant> insert(
      SqlConnection tx,
      UUID parentId,
      String principal,
      Agent agent,
      GrantRules.Narrowed n,
      String caller) {
    Tuple values =
        Tuple.tuple()
            .addUUID(UUID.randomUUID())
            .addUUID(parentId)
            .addString(principal)
            .addString(agent.clientId())
            .addUUID(agent.id())
            .addArrayOfString(n.scopes().toArray(String[]::new))
            .addArrayOfString(n.audiences().toArray(String[]::new))
            .addArrayOfString(n.resources().toArray(String[]::new))
            .addInteger(n.depth())
            .addInteger(n.maxDepth())
            .addOffsetDateTime(n.expiresAt().atOffset(ZoneOffset.UTC))
            .addString(caller);
    return tx.preparedQuery(INSERT)
        .execute(values)
        .map(rows -> Grant.of(rows.iterator().next()))
        .call(
            g ->
                audit.record(
                    tx,
                    AuditEvent.builder("delegation.granted")
                        .actor(caller)
                        .subject(g.principal())
                        .target(g.id().toString())
                        .attribute("agent", g.actor())
                        .attribute("parent_id", parentId == null ? null : parentId.toString())
                        .attribute("scopes", g.scopes())
                        .attribute("audiences", g.audiences())
                        .attribute("depth", g.depth())
                        .attribute("max_depth", g.maxDepth())
                        .attribute("expires_at", g.expiresAt().toString())));
  }

  /**
   * Revokes the grant and every grant derived from it, in one transaction: one audit event per
   * grant and the revocation notifications, all at commit. Returns the grants revoked now (already
   * revoked ones are left as they were). {@code allowed} decides whether {@code caller} may.
   */
  public Uni<List<Grant>> revoke(UUID id, String caller, boolean admin) {
    return pool.withTransaction(
            tx ->
                chain(tx, id)
                    .chain(
                        chain -> {
                          if (chain.isEmpty()) {
                            throw ProblemException.notFound("no grant " + id);
                          }
                          Grant root = chain.get(chain.size() - 1);
                          boolean upstream =
                              root.principal().equals(caller)
                                  || chain.stream().anyMatch(g -> g.actor().equals(caller));
                          if (!admin && !upstream) {
                            throw ProblemException.forbidden(
                                "only the principal, an actor of the chain or an admin may"
                                    + " revoke a grant");
                          }
                          return tx.preparedQuery(REVOKE_TREE).execute(Tuple.of(id, caller));
                        })
                    .map(GrantRepository::grants)
                    .call(revoked -> recordRevocations(tx, id, revoked, caller)))
        .invoke(
            revoked ->
                registry.counter("signet.delegation.grants.revoked").increment(revoked.size()));
  }

  private Uni<Void> recordRevocations(
      SqlConnection tx, UUID root, List<Grant> revoked, String caller) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Grant g : revoked) {
      chain =
          chain
              .chain(
                  () ->
                      audit.record(
                          tx,
                          AuditEvent.builder("delegation.revoked")
                              .actor(caller)
                              .subject(g.principal())
                              .target(g.id().toString())
                              .attribute("agent", g.actor())
                              .attribute("root", root.toString())
                              .attribute("depth", g.depth())))
              .replaceWithVoid();
    }
    for (int from = 0; from < revoked.size(); from += NOTIFY_IDS) {
      JsonArray ids = new JsonArray();
      revoked
          .subList(from, Math.min(revoked.size(), from + NOTIFY_IDS))
          .forEach(g -> ids.add(g.id().toString()));
      String payload = new JsonObject().put("root", root.toString()).put("grant_ids", ids).encode();
      chain = chain.chain(() -> DatabaseChannels.notifyOnCommit(tx, REVOKED_CHANNEL, payload));
    }
    return chain;
  }

  static List<Grant> grants(RowSet<Row> rows) {
    List<Grant> out = new ArrayList<>();
    rows.forEach(r -> out.add(Grant.of(r)));
    return out;
  }
}
