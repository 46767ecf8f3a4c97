package dev.signet.admin.audit;

import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admins' view of the audit trail, newest first, with filters and a stable cursor. */
@Path("/v1/audit-events")
@Tag(name = "audit")
@RolesAllowed("signet:audit:read")
public class AuditTrailResource {

  private final AuditEventStore store;

  AuditTrailResource(AuditEventStore store) {
    this.store = store;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @WithSession
  @Operation(summary = "Search the audit trail")
  public Uni<AuditEventPage> search(
      @Parameter(description = "Event type, e.g. key.rotated") @QueryParam("type") String type,
      @Parameter(description = "Who acted (client id, user, service)") @QueryParam("actor")
          String actor,
      @Parameter(description = "On whose behalf or about whom") @QueryParam("subject")
          String subject,
      @Parameter(description = "Events of one task (delegated exchanges' task_id)")
          @QueryParam("task_id")
          String taskId,
      @Parameter(description = "Earliest occurrence, inclusive (RFC 3339)") @QueryParam("from")
          String from,
      @Parameter(description = "Latest occurrence, exclusive (RFC 3339)") @QueryParam("to")
          String to,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor,
      @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("limit")
          String limit) {
    AuditQuery query = AuditQuery.parse(type, actor, subject, taskId, from, to, cursor, limit);
    return store.search(query);
  }

  @GET
  @Path("/task-chain/{task_id}")
  @Produces(MediaType.APPLICATION_JSON)
  @WithSession
  @Operation(
      summary = "The chain of tasks that led to a task",
      description =
          "The task's events, then its parent's (parent_task_id), up to 16 tasks; 'end' says"
              + " why the walk stopped: root, missing_parent, cycle or max_depth.")
  public Uni<TaskChain> taskChain(@PathParam("task_id") String taskId) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String cleaned = AuditQuery.clean("task_id", taskId, TaskChain.TASK_ID_MAX, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.validation("The task id is invalid.", errors);
    }
    return TaskChain.walk(store, cleaned);
  }
}
