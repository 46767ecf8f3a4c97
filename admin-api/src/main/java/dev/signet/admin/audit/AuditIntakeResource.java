package dev.signet.admin.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.audit.AuditBatch;
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

  AuditIntakeResource(AuditIntake intake) {
    this.intake = intake;
  }

  /** How many of the delivered events were stored now (the rest were stored before). */
  public record IntakeResult(int received, @JsonProperty("stored") int stored) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Deliver a batch of audit events (redelivery stores nothing twice)")
  public Uni<IntakeResult> deliver(@Valid @NotNull AuditBatch batch) {
    return intake.accept(batch.events()).map(n -> new IntakeResult(batch.events().size(), n));
  }
}
