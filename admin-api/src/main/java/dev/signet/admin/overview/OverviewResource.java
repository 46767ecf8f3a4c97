package dev.signet.admin.overview;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The security overview for dashboards. */
@Path("/v1/overview")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:overview:read"})
@Tag(name = "Overview")
public class OverviewResource {

  private final OverviewQueries queries;

  OverviewResource(OverviewQueries queries) {
    this.queries = queries;
  }

  @GET
  @Operation(summary = "Counts of accounts, users, agents, keys, tokens, incidents, certificates")
  @APIResponse(
      responseCode = "200",
      description = "The overview",
      content = @Content(schema = @Schema(implementation = Overview.class)))
  public Uni<Overview> get() {
    return queries.load();
  }
}
