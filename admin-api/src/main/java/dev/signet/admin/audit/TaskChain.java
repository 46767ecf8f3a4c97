package dev.signet.admin.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chain of tasks that led to a task, read from the audit trail: each task's events name its
 * parent ({@code parent_task_id}, recorded by token-service's delegated exchange), followed up to
 * {@link #MAX_DEPTH} hops. A parent with no events ends the walk ({@code missing_parent}), so does
 * a task met twice ({@code cycle}): hand-made or replayed lineage never loops.
 *
 * @param taskId the task asked about
 * @param tasks that task first, then its parent, its parent's parent, ...
 * @param end why the walk stopped: {@code root}, {@code missing_parent}, {@code cycle} or {@code
 *     max_depth}
 */
public record TaskChain(@JsonProperty("task_id") String taskId, List<Task> tasks, String end) {

  /** Delegation goes at most 5 hops; the chain allows for tasks started by tasks beyond that. */
  static final int MAX_DEPTH = 16;

  /** Events shown per task. */
  static final int EVENTS_PER_TASK = 100;

  static final int TASK_ID_MAX = 128;

  /**
   * One task and its events, oldest first.
   *
   * @param parentTaskId the parent its events name, null for a root
   */
  public record Task(
      @JsonProperty("task_id") String taskId,
      @JsonProperty("parent_task_id") String parentTaskId,
      List<AuditEvent> events) {}

  /** Walks from {@code taskId} up; 404 when the task itself has no events. */
  static Uni<TaskChain> walk(AuditEventStore store, String taskId) {
    return step(store, taskId, new ArrayList<>(), new LinkedHashSet<>())
        .invoke(
            chain -> {
              if (chain.tasks().isEmpty()) {
                throw ProblemException.notFound("No audit event names task '" + taskId + "'.");
              }
            });
  }

  private static Uni<TaskChain> step(
      AuditEventStore store, String current, List<Task> tasks, Set<String> seen) {
    String asked = tasks.isEmpty() ? current : tasks.get(0).taskId();
    if (!seen.add(current)) {
      return Uni.createFrom().item(new TaskChain(asked, List.copyOf(tasks), "cycle"));
    }
    return store
        .task(current, EVENTS_PER_TASK)
        .chain(
            task -> {
              if (task.events().isEmpty()) {
                return Uni.createFrom()
                    .item(
                        new TaskChain(
                            asked,
                            List.copyOf(tasks),
                            tasks.isEmpty() ? "root" : "missing_parent"));
              }
              tasks.add(task);
              if (task.parentTaskId() == null) {
                return Uni.createFrom().item(new TaskChain(asked, List.copyOf(tasks), "root"));
              }
              if (tasks.size() >= MAX_DEPTH) {
                return Uni.createFrom().item(new TaskChain(asked, List.copyOf(tasks), "max_depth"));
              }
              return step(store, task.parentTaskId(), tasks, seen);
            });
  }
}
