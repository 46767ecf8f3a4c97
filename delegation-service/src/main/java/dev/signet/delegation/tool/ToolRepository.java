package dev.signet.delegation.tool;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code tools} and {@code tool_grants} tables; every write is audited. */
@ApplicationScoped
public class ToolRepository {

  private final Pool pool;
  private final AuditRecorder audit;

  ToolRepository(Pool pool, AuditRecorder audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public Uni<List<Tool>> list() {
    return pool.query("SELECT " + Tool.COLUMNS + " FROM tools ORDER BY name")
        .execute()
        .map(ToolRepository::tools);
  }

  public Uni<Optional<Tool>> find(UUID id) {
    return pool.preparedQuery("SELECT " + Tool.COLUMNS + " FROM tools WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> tools(rows).stream().findFirst());
  }

  /** Creates ({@code id} null) or replaces a tool; 404 when absent, 409 when the name is taken. */
  public Uni<Tool> put(UUID id, ToolWrite w, String actor) {
    boolean create = id == null;
    UUID key = create ? UUID.randomUUID() : id;
    String sql =
        create
            ? "INSERT INTO tools (id, name, category, description, parameters, required_scopes,"
                + " active, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
                + Tool.COLUMNS
            : "UPDATE tools SET name = $2, category = $3, description = $4, parameters = $5,"
                + " required_scopes = $6, active = $7, updated_at = now() WHERE id = $1"
                + " RETURNING "
                + Tool.COLUMNS;
    Tuple values =
        Tuple.tuple()
            .addUUID(key)
            .addString(w.name())
            .addString(w.category())
            .addString(w.description())
            .addJsonObject(new JsonObject(w.parameters().toString()))
            .addArrayOfString(w.scopesOrEmpty().toArray(String[]::new))
            .addBoolean(w.activeOrTrue());
    if (create) {
      values.addString(actor);
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(sql)
                    .execute(values)
                    .map(
                        rows -> {
                          if (rows.rowCount() == 0) {
                            throw ProblemException.notFound("no tool " + key);
                          }
                          return Tool.of(rows.iterator().next());
                        })
                    .call(
                        t ->
                            audit.record(
                                tx,
                                AuditEvent.builder(create ? "tool.created" : "tool.updated")
                                    .actor(actor)
                                    .target(t.id().toString())
                                    .attribute("name", t.name())
                                    .attribute("required_scopes", t.requiredScopes())
                                    .attribute("active", t.active()))))
        .onFailure(PgException.class)
        .transform(
            e ->
                "23505".equals(((PgException) e).getSqlState())
                    ? ProblemException.conflict("a tool with this name exists")
                    : e);
  }

  /** Lets the agent call the tool (idempotent); 404 when either is absent. */
  public Uni<Void> grant(UUID agentId, UUID toolId, String actor) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO tool_grants (agent_id, tool_id, created_by) VALUES ($1, $2, $3)"
                            + " ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(agentId, toolId, actor))
                    .call(
                        rows ->
                            rows.rowCount() == 0
                                ? Uni.createFrom().voidItem()
                                : audit.record(
                                    tx,
                                    AuditEvent.builder("tool.granted")
                                        .actor(actor)
                                        .subject(agentId.toString())
                                        .target(toolId.toString()))))
        .onFailure(PgException.class)
        .transform(
            e ->
                "23503".equals(((PgException) e).getSqlState())
                    ? ProblemException.notFound("no such agent or tool")
                    : e)
        .replaceWithVoid();
  }

  /** Withdraws the agent's grant of the tool; 404 when there was none. */
  public Uni<Void> ungrant(UUID agentId, UUID toolId, String actor) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("DELETE FROM tool_grants WHERE agent_id = $1 AND tool_id = $2")
                .execute(Tuple.of(agentId, toolId))
                .chain(
                    rows -> {
                      if (rows.rowCount() == 0) {
                        throw ProblemException.notFound("the agent has no grant of this tool");
                      }
                      return audit.record(
                          tx,
                          AuditEvent.builder("tool.ungranted")
                              .actor(actor)
                              .subject(agentId.toString())
                              .target(toolId.toString()));
                    })
                .replaceWithVoid());
  }

  /** The tools an agent may call. */
  public Uni<List<Tool>> granted(UUID agentId) {
    return pool.preparedQuery(
            "SELECT "
                + prefixed("t.")
                + " FROM tools t JOIN tool_grants g ON g.tool_id = t.id WHERE g.agent_id = $1"
                + " ORDER BY t.name")
        .execute(Tuple.of(agentId))
        .map(ToolRepository::tools);
  }

  /** Whether the agent holds a grant of the tool. */
  public Uni<Boolean> isGranted(UUID agentId, UUID toolId) {
    return pool.preparedQuery("SELECT 1 FROM tool_grants WHERE agent_id = $1 AND tool_id = $2")
        .execute(Tuple.of(agentId, toolId))
        .map(rows -> rows.rowCount() > 0);
  }

  private static String prefixed(String alias) {
    return alias + Tool.COLUMNS.replace(", ", ", " + alias);
  }

  private static List<Tool> tools(RowSet<Row> rows) {
    List<Tool> out = new ArrayList<>();
    rows.forEach(r -> out.add(Tool.of(r)));
    return out;
  }
}
