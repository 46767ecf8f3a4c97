package dev.signet.delegation.scopes;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code scopes} table. Every write takes one transaction-scoped advisory lock, loads the whole
 * implication graph and checks the change against it (implied scopes exist, no cycle) before it
 * writes, so two concurrent writes can never close a cycle between them.
 */
@ApplicationScoped
public class ScopeRepository {

  private static final String COLUMNS =
      "name, description, sensitive, implies, created_at, updated_at";

  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(hashtext('signet.delegation.scopes'))";

  private static final String UPSERT =
      "INSERT INTO scopes (name, description, sensitive, implies) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description,"
          + " sensitive = EXCLUDED.sensitive, implies = EXCLUDED.implies, updated_at = now()"
          + " RETURNING "
          + COLUMNS
          + ", (xmax = 0) AS created";

  /** The outcome of a put: the scope as stored and whether the put created it. */
  public record Put(Scope scope, boolean created) {}

  private final Pool pool;
  private final AuditRecorder audit;

  ScopeRepository(Pool pool, AuditRecorder audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public Uni<List<Scope>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM scopes ORDER BY name")
        .execute()
        .map(ScopeRepository::scopes);
  }

  public Uni<Optional<Scope>> find(String name) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM scopes WHERE name = $1")
        .execute(Tuple.of(name))
        .map(rows -> scopes(rows).stream().findFirst());
  }

  /** The current implication graph. */
  public Uni<ScopeGraph> graph() {
    return pool.query("SELECT name, implies FROM scopes").execute().map(ScopeRepository::graph);
  }

  /**
   * The scopes with every scope they imply, transitively; a 400 naming any scope that does not
   * exist.
   */
  public Uni<Set<String>> expand(List<String> names) {
    return pool.query("SELECT name, implies FROM scopes")
        .execute()
        .map(
            rows -> {
              ScopeGraph graph = graph(rows);
              Set<String> unknown = new TreeSet<>(names);
              unknown.removeAll(graph.names());
              if (!unknown.isEmpty()) {
                throw ProblemException.badRequest("unknown scopes: " + String.join(", ", unknown));
              }
              return graph.expand(names);
            });
  }

  /** Creates or replaces one scope; 400 for an unknown implied scope, 409 for a cycle. */
  public Uni<Put> put(String name, ScopeWrite write, String actor) {
    return pool.withTransaction(
        tx ->
            lockedGraph(tx)
                .map(graph -> checked(graph, Map.of(name, write.impliesOrEmpty()), name))
                .chain(ignored -> upsert(tx, name, write))
                .call(
                    put ->
                        audit.record(
                            tx,
                            AuditEvent.builder(put.created() ? "scope.created" : "scope.updated")
                                .actor(actor)
                                .target(name)
                                .attribute("implies", put.scope().implies())
                                .attribute("sensitive", put.scope().sensitive()))));
  }

  /**
   * Applies many scopes in one transaction (the seed file): all are checked together, so they may
   * imply each other in any order. Scopes that already hold exactly these values are not written
   * again; returns the names that changed.
   */
  public Uni<List<String>> putAll(Map<String, ScopeWrite> writes, String actor) {
    return pool.withTransaction(
        tx ->
            lockedRows(tx)
                .chain(
                    rows -> {
                      Map<String, Scope> current = new LinkedHashMap<>();
                      scopes(rows).forEach(s -> current.put(s.name(), s));
                      Map<String, List<String>> implies = new LinkedHashMap<>();
                      writes.forEach((n, w) -> implies.put(n, w.impliesOrEmpty()));
                      checked(graphOf(current.values()), implies, null);
                      List<String> changed = new ArrayList<>();
                      Uni<Void> chain = Uni.createFrom().voidItem();
                      for (Map.Entry<String, ScopeWrite> e : writes.entrySet()) {
                        Scope now = current.get(e.getKey());
                        if (now != null && same(now, e.getValue())) {
                          continue;
                        }
                        changed.add(e.getKey());
                        chain =
                            chain
                                .chain(() -> upsert(tx, e.getKey(), e.getValue()))
                                .chain(
                                    put ->
                                        audit.record(
                                            tx,
                                            AuditEvent.builder(
                                                    put.created()
                                                        ? "scope.created"
                                                        : "scope.updated")
                                                .actor(actor)
                                                .target(e.getKey())
                                                .attribute("implies", put.scope().implies())
                                                .attribute("source", "seed")))
                                .replaceWithVoid();
                      }
                      return chain.replaceWith(changed);
                    }));
  }

  /** Deletes a scope; 404 when absent, 409 while other scopes imply it. */
  public Uni<Void> delete(String name, String actor) {
    return pool.withTransaction(
        tx ->
            lockedGraph(tx)
                .chain(
                    graph -> {
                      if (!graph.names().contains(name)) {
                        throw ProblemException.notFound("no scope " + name);
                      }
                      Set<String> by = graph.impliedBy(name);
                      if (!by.isEmpty()) {
                        throw ProblemException.conflict(
                            "scope "
                                + name
                                + " is implied by "
                                + String.join(", ", by)
                                + "; remove those implications first");
                      }
                      return tx.preparedQuery("DELETE FROM scopes WHERE name = $1")
                          .execute(Tuple.of(name));
                    })
                .call(
                    ignored ->
                        audit.record(
                            tx, AuditEvent.builder("scope.deleted").actor(actor).target(name)))
                .replaceWithVoid());
  }

  private static ScopeGraph checked(
      ScopeGraph graph, Map<String, List<String>> writes, String single) {
    Set<String> known = new TreeSet<>(graph.names());
    known.addAll(writes.keySet());
    Set<String> unknown = new TreeSet<>();
    writes
        .values()
        .forEach(list -> list.stream().filter(s -> !known.contains(s)).forEach(unknown::add));
    if (!unknown.isEmpty()) {
      throw ProblemException.badRequest(
          "implies names scopes that do not exist: " + String.join(", ", unknown));
    }
    ScopeGraph next = graph;
    for (Map.Entry<String, List<String>> e : writes.entrySet()) {
      next = next.with(e.getKey(), e.getValue());
    }
    Optional<List<String>> cycle = single != null ? next.findCycleFrom(single) : next.findCycle();
    if (cycle.isPresent()) {
      throw ProblemException.conflict(
          "implied scopes would form a cycle: " + String.join(" -> ", cycle.get()));
    }
    return next;
  }

  private Uni<ScopeGraph> lockedGraph(SqlConnection tx) {
    return lockedRows(tx).map(rows -> graphOf(scopes(rows)));
  }

  private Uni<RowSet<Row>> lockedRows(SqlConnection tx) {
    return tx.query(LOCK)
        .execute()
        .chain(() -> tx.query("SELECT " + COLUMNS + " FROM scopes").execute());
  }

  private static Uni<Put> upsert(SqlConnection tx, String name, ScopeWrite write) {
    return tx.preparedQuery(UPSERT)
        .execute(
            Tuple.of(
                name,
                write.description(),
                write.sensitiveOrFalse(),
                write.impliesOrEmpty().toArray(String[]::new)))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Put(Scope.of(row), row.getBoolean("created"));
            });
  }

  private static boolean same(Scope now, ScopeWrite write) {
    return java.util.Objects.equals(now.description(), write.description())
        && now.sensitive() == write.sensitiveOrFalse()
        && now.implies().equals(write.impliesOrEmpty());
  }

  private static List<Scope> scopes(RowSet<Row> rows) {
    List<Scope> out = new ArrayList<>();
    rows.forEach(r -> out.add(Scope.of(r)));
    return out;
  }

  private static ScopeGraph graph(RowSet<Row> rows) {
    Map<String, List<String>> direct = new LinkedHashMap<>();
    rows.forEach(
        r -> {
          String[] implies = r.getArrayOfStrings("implies");
          direct.put(r.getString("name"), implies == null ? List.of() : List.of(implies));
        });
    return ScopeGraph.of(direct);
  }

  private static ScopeGraph graphOf(Iterable<Scope> scopes) {
    Map<String, List<String>> direct = new LinkedHashMap<>();
    scopes.forEach(s -> direct.put(s.name(), s.implies()));
    return ScopeGraph.of(direct);
  }
}
