package dev.signet.delegation.agent;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import dev.signet.delegation.scopes.ScopeGraph;
import dev.signet.delegation.scopes.ScopeRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@code agent_credentials} table. A child agent's allowed scopes must lie within its parent's
 * (after expansion), so an agent tree only narrows; every write is audited.
 */
@ApplicationScoped
public class AgentRepository {

  private static final String INSERT =
      "INSERT INTO agent_credentials (id, agent_id, owner_type, owner, client_id, capabilities,"
          + " allowed_scopes, allowed_resources, parent_id, status, created_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING "
          + Agent.COLUMNS;

  private static final String UPDATE =
      "UPDATE agent_credentials SET agent_id = $2, owner_type = $3, owner = $4, client_id = $5,"
          + " capabilities = $6, allowed_scopes = $7, allowed_resources = $8, status = $10,"
          + " updated_at = now() WHERE id = $1 AND parent_id IS NOT DISTINCT FROM $9 RETURNING "
          + Agent.COLUMNS;

  private final Pool pool;
  private final AuditRecorder audit;
  private final ScopeRepository scopes;

  AgentRepository(Pool pool, AuditRecorder audit, ScopeRepository scopes) {
    this.pool = pool;
    this.audit = audit;
    this.scopes = scopes;
  }

  public Uni<List<Agent>> list() {
    return pool.query("SELECT " + Agent.COLUMNS + " FROM agent_credentials ORDER BY agent_id")
        .execute()
        .map(AgentRepository::agents);
  }

  public Uni<Optional<Agent>> find(UUID id) {
    return find(pool, id);
  }

  /** The agent in {@code client}'s view (a transaction's, to see its own writes). */
  public static Uni<Optional<Agent>> find(SqlClient client, UUID id) {
    return client
        .preparedQuery("SELECT " + Agent.COLUMNS + " FROM agent_credentials WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> agents(rows).stream().findFirst());
  }

  /** The agent whose OAuth client is {@code clientId} (the actor id of delegation chains). */
  public static Uni<Optional<Agent>> findByClientId(SqlClient client, String clientId) {
    return client
        .preparedQuery("SELECT " + Agent.COLUMNS + " FROM agent_credentials WHERE client_id = $1")
        .execute(Tuple.of(clientId))
        .map(rows -> agents(rows).stream().findFirst());
  }

  public Uni<Agent> create(AgentWrite write, String actor) {
    UUID id = UUID.randomUUID();
    return withinParent(write)
        .chain(
            graph ->
                pool.withTransaction(
                    tx ->
                        tx.preparedQuery(INSERT)
                            .execute(values(id, write).addString(actor))
                            .map(rows -> Agent.of(rows.iterator().next()))
                            .call(a -> audited(tx, "agent.created", a, actor))))
        .onFailure(PgException.class)
        .transform(AgentRepository::conflict);
  }

  /** Replaces an agent's fields; its parent cannot change (404 when absent, 409 if it would). */
  public Uni<Agent> replace(UUID id, AgentWrite write, String actor) {
    return withinParent(write)
        .chain(
            graph ->
                pool.withTransaction(
                    tx ->
                        tx.preparedQuery(UPDATE)
                            .execute(values(id, write))
                            .chain(
                                rows -> {
                                  if (rows.rowCount() == 1) {
                                    return Uni.createFrom().item(Agent.of(rows.iterator().next()));
                                  }
                                  return find(tx, id)
                                      .map(
                                          found -> {
                                            throw found.isPresent()
                                                ? ProblemException.conflict(
                                                    "an agent's parent_id cannot change")
                                                : ProblemException.notFound("no agent " + id);
                                          });
                                })
                            .call(a -> audited(tx, "agent.updated", a, actor))))
        .onFailure(PgException.class)
        .transform(AgentRepository::conflict);
  }

  /** Adds outcomes an agent's tokens or tool calls reported; 404 when the agent is absent. */
  public Uni<Agent> count(UUID id, long issued, long succeeded, long failed) {
    return pool.preparedQuery(
            "UPDATE agent_credentials SET issued_count = issued_count + $2,"
                + " succeeded_count = succeeded_count + $3, failed_count = failed_count + $4"
                + " WHERE id = $1 RETURNING "
                + Agent.COLUMNS)
        .execute(Tuple.of(id, issued, succeeded, failed))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw ProblemException.notFound("no agent " + id);
              }
              return Agent.of(rows.iterator().next());
            });
  }

  /** The parent exists and the agent's allowed scopes lie within the parent's, expanded. */
  private Uni<ScopeGraph> withinParent(AgentWrite write) {
    return scopes
        .graph()
        .chain(
            graph -> {
              if (write.parentId() == null) {
                return Uni.createFrom().item(graph);
              }
              return find(write.parentId())
                  .map(
                      parent -> {
                        Agent p =
                            parent.orElseThrow(
                                () ->
                                    ProblemException.badRequest(
                                        "parent_id names no agent: " + write.parentId()));
                        Set<String> ceiling = graph.expand(p.allowedScopes());
                        Set<String> wider =
                            new TreeSet<>(graph.expand(AgentWrite.orEmpty(write.allowedScopes())));
                        wider.removeAll(ceiling);
                        if (!wider.isEmpty()) {
                          throw ProblemException.badRequest(
                              "allowed_scopes exceed the parent agent's: "
                                  + String.join(", ", wider));
                        }
                        return graph;
                      });
            });
  }

  private Uni<AuditEvent> audited(SqlConnection tx, String type, Agent a, String actor) {
    return audit.record(
        tx,
        AuditEvent.builder(type)
            .actor(actor)
            .target(a.id().toString())
            .attribute("name", a.name())
            .attribute("client_id", a.clientId())
            .attribute("owner", a.owner())
            .attribute("allowed_scopes", a.allowedScopes())
            .attribute("status", a.status()));
  }

  private static Throwable conflict(Throwable e) {
    PgException pg = (PgException) e;
    if ("23505".equals(pg.getSqlState())) {
      return ProblemException.conflict("an agent with this name or client_id exists");
    }
    return e;
  }

  private static Tuple values(UUID id, AgentWrite w) {
    return Tuple.tuple()
        .addUUID(id)
        .addString(w.name())
        .addString(w.ownerType())
        .addString(w.owner())
        .addString(w.clientId())
        .addArrayOfString(AgentWrite.orEmpty(w.capabilities()).toArray(String[]::new))
        .addArrayOfString(AgentWrite.orEmpty(w.allowedScopes()).toArray(String[]::new))
        .addArrayOfString(AgentWrite.orEmpty(w.allowedResources()).toArray(String[]::new))
        .addUUID(w.parentId())
        .addString(w.statusOrActive());
  }

  static List<Agent> agents(RowSet<Row> rows) {
    List<Agent> out = new ArrayList<>();
    rows.forEach(r -> out.add(Agent.of(r)));
    return out;
  }
}
