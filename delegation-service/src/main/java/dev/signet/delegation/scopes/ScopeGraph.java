package dev.signet.delegation.scopes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The implied-scope relation ({@code repo:write} implies {@code repo:read}) as an immutable graph:
 * expansion to the transitive closure and detection of a cycle, named edge by edge, so a write that
 * would close one can be refused before it reaches the database.
 */
public final class ScopeGraph {

  private final Map<String, Set<String>> implies;

  private ScopeGraph(Map<String, Set<String>> implies) {
    this.implies = implies;
  }

  /** A graph from each scope's directly implied scopes; absent scopes imply nothing. */
  public static ScopeGraph of(Map<String, ? extends Iterable<String>> direct) {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    direct.forEach(
        (scope, implied) -> {
          Set<String> targets = new LinkedHashSet<>();
          implied.forEach(targets::add);
          copy.put(scope, Set.copyOf(targets));
        });
    return new ScopeGraph(Map.copyOf(copy));
  }

  /** This graph with {@code scope}'s direct implications replaced by {@code implied}. */
  public ScopeGraph with(String scope, Iterable<String> implied) {
    Map<String, Set<String>> next = new LinkedHashMap<>(implies);
    Set<String> targets = new LinkedHashSet<>();
    implied.forEach(targets::add);
    next.put(scope, Set.copyOf(targets));
    return new ScopeGraph(Map.copyOf(next));
  }

  /** Every scope the graph knows (those with an entry, implying something or nothing). */
  public Set<String> names() {
    return implies.keySet();
  }

  /** The scopes that directly imply {@code scope}, sorted by name. */
  public Set<String> impliedBy(String scope) {
    Set<String> by = new TreeSet<>();
    implies.forEach(
        (name, targets) -> {
          if (targets.contains(scope)) {
            by.add(name);
          }
        });
    return by;
  }

  /** The given scopes and every scope they imply, transitively, sorted by name. */
  public Set<String> expand(Iterable<String> scopes) {
    Set<String> seen = new TreeSet<>();
    List<String> pending = new ArrayList<>();
    scopes.forEach(pending::add);
    while (!pending.isEmpty()) {
      String scope = pending.remove(pending.size() - 1);
      if (seen.add(scope)) {
        pending.addAll(implies.getOrDefault(scope, Set.of()));
      }
    }
    return Collections.unmodifiableSet(seen);
  }

  /**
   * A cycle through the implication edges if there is one, as the path of scopes that starts and
   * ends with the same scope ({@code [a, b, a]}); empty when the graph is acyclic.
   */
  public Optional<List<String>> findCycle() {
    Set<String> done = new LinkedHashSet<>();
    for (String start : new TreeSet<>(implies.keySet())) {
      Optional<List<String>> cycle = walk(start, new ArrayList<>(), done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  /**
   * The cycle a write of {@code scope}'s implications closed, named from {@code scope} ({@code
   * [scope, ..., scope]}); any cycle the write created passes through it, so it is found first.
   */
  public Optional<List<String>> findCycleFrom(String scope) {
    Optional<List<String>> cycle = walk(scope, new ArrayList<>(), new LinkedHashSet<>());
    return cycle.isPresent() ? cycle : findCycle();
  }

  private Optional<List<String>> walk(String scope, List<String> path, Set<String> done) {
    int onPath = path.indexOf(scope);
    if (onPath >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
      cycle.add(scope);
      return Optional.of(List.copyOf(cycle));
    }
    if (done.contains(scope)) {
      return Optional.empty();
    }
    path.add(scope);
    for (String next : new TreeSet<>(implies.getOrDefault(scope, Set.of()))) {
      Optional<List<String>> cycle = walk(next, path, done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    done.add(scope);
    return Optional.empty();
  }
}
