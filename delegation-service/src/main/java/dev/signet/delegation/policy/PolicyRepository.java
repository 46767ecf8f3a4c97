package dev.signet.delegation.policy;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code policies} table. Each write is audited and queues a NOTIFY on {@link
 * PolicyCache#CHANNEL} in its own transaction, so every replica drops its compiled set at commit.
 */
@ApplicationScoped
public class PolicyRepository {

  private static final String INSERT =
      "INSERT INTO policies (id, name, description, effect, subjects, actions, resources,"
          + " condition, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
          + Policy.COLUMNS;

  private static final String UPDATE =
      "UPDATE policies SET name = $2, description = $3, effect = $4, subjects = $5, actions = $6,"
          + " resources = $7, condition = $8, updated_at = now() WHERE id = $1 RETURNING "
          + Policy.COLUMNS;

  private final Pool pool;
  private final AuditRecorder audit;
  private final DatabaseChannels channels;

  PolicyRepository(Pool pool, AuditRecorder audit, DatabaseChannels channels) {
    this.pool = pool;
    this.audit = audit;
    this.channels = channels;
  }

  public Uni<List<Policy>> list() {
    return pool.query("SELECT " + Policy.COLUMNS + " FROM policies ORDER BY name")
        .execute()
        .map(PolicyRepository::policies);
  }

  public Uni<Optional<Policy>> find(UUID id) {
    return pool.preparedQuery("SELECT " + Policy.COLUMNS + " FROM policies WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> policies(rows).stream().findFirst());
  }

  /** Stores a new policy (already validated); 409 when the name is taken. */
  public Uni<Policy> create(PolicyWrite write, String actor) {
    UUID id = UUID.randomUUID();
    return write(
        tx ->
            tx.preparedQuery(INSERT)
                .execute(values(id, write).addString(actor))
                .map(rows -> Policy.of(rows.iterator().next())),
        "policy.created",
        actor);
  }

  /** Replaces a policy (already validated); 404 when absent, 409 when the name is taken. */
  public Uni<Policy> replace(UUID id, PolicyWrite write, String actor) {
    return write(
        tx ->
            tx.preparedQuery(UPDATE)
                .execute(values(id, write))
                .map(
                    rows -> {
                      if (rows.rowCount() == 0) {
                        throw ProblemException.notFound("no policy " + id);
                      }
                      return Policy.of(rows.iterator().next());
                    }),
        "policy.updated",
        actor);
  }

  /** Deletes a policy; 404 when absent. */
  public Uni<Void> delete(UUID id, String actor) {
    return write(
            tx ->
                tx.preparedQuery("DELETE FROM policies WHERE id = $1 RETURNING " + Policy.COLUMNS)
                    .execute(Tuple.of(id))
                    .map(
                        rows -> {
                          if (rows.rowCount() == 0) {
                            throw ProblemException.notFound("no policy " + id);
                          }
                          return Policy.of(rows.iterator().next());
                        }),
            "policy.deleted",
            actor)
        .replaceWithVoid();
  }

  private interface Change {
    Uni<Policy> apply(SqlConnection tx);
  }

  private Uni<Policy> write(Change change, String eventType, String actor) {
    return pool.withTransaction(
            tx ->
                change
                    .apply(tx)
                    .call(
                        p ->
                            audit.record(
                                tx,
                                AuditEvent.builder(eventType)
                                    .actor(actor)
                                    .target(p.id().toString())
                                    .attribute("name", p.name())
                                    .attribute("effect", p.effect().wire())
                                    .attribute("subjects", p.subjects())
                                    .attribute("actions", p.actions())
                                    .attribute("resources", p.resources())
                                    .attribute("condition", p.condition())))
                    .call(
                        p ->
                            DatabaseChannels.notifyOnCommit(
                                tx, PolicyCache.CHANNEL, p.id().toString())))
        .invoke(p -> channels.fireLocally(PolicyCache.CHANNEL, p.id().toString()))
        .onFailure(PgException.class)
        .transform(
            e ->
                "23505".equals(((PgException) e).getSqlState())
                    ? ProblemException.conflict("a policy with this name exists")
                    : e);
  }

  private static Tuple values(UUID id, PolicyWrite w) {
    return Tuple.tuple()
        .addUUID(id)
        .addString(w.name())
        .addString(w.description())
        .addString(w.effect().wire())
        .addArrayOfString(PolicyWrite.orEmpty(w.subjects()).toArray(String[]::new))
        .addArrayOfString(PolicyWrite.orEmpty(w.actions()).toArray(String[]::new))
        .addArrayOfString(PolicyWrite.orEmpty(w.resources()).toArray(String[]::new))
        .addString(w.conditionOrNull());
  }

  private static List<Policy> policies(RowSet<Row> rows) {
    List<Policy> out = new ArrayList<>();
    rows.forEach(r -> out.add(Policy.of(r)));
    return out;
  }
}
