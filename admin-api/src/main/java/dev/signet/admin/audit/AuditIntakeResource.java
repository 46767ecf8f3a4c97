package dev.signet.admin.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.admin.internal.InternalCallers;
import dev.signet.common.audit.AuditBatch;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where every service's outbox dispatcher delivers audit events. Idempotent on event id. */
@Path("/internal/v1/audit-events")
@Tag(name = "internal")
@RolesAllowed("signet:internal")
public class AuditIntakeResource {

  private final AuditIntake intake;
  private final InternalCallers callers;
  private final SecurityIdentity identity;

  AuditIntakeResource(AuditIntake intake, InternalCallers callers, SecurityIdentity identity) {
    this.intake = intake;
    this.callers = callers;
    this.identity = identity;
  }

  /** How many of the delivered events were stored now (the rest were stored before). */
  public record IntakeResult(int received, @JsonProperty("stored") int stored) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Deliver a batch of audit events (redelivery stores nothing twice)",
      description =
          "Each event's service is the caller's: the service whose internal account sent the"
              + " batch, whatever the body says. Callers that are no service's internal account"
              + " get 403.")
  public Uni<IntakeResult> deliver(@Valid @NotNull AuditBatch batch) {
    return callers
        .serviceOf(identity)
        .chain(service -> intake.accept(service, batch.events()))
        .map(n -> new IntakeResult(batch.events().size(), n));
  }
}
