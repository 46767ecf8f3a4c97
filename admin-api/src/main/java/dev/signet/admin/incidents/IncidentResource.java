package dev.signet.admin.incidents;

import static dev.signet.admin.paging.QueryParams.present;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.PageRequest;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin REST API for incidents opened by the services. */
@Path("/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:incidents:admin"})
@Tag(name = "Incidents")
public class IncidentResource {

  private static final Set<String> STATUSES = Set.of("open", "acknowledged", "resolved");

  private final IncidentService service;
  private final SecurityIdentity identity;
  private final AdminConfig config;

  IncidentResource(IncidentService service, SecurityIdentity identity, AdminConfig config) {
    this.service = service;
    this.identity = identity;
    this.config = config;
  }

  @GET
  @Operation(summary = "List incidents, newest first")
  @APIResponse(
      responseCode = "200",
      description = "One page",
      content = @Content(schema = @Schema(implementation = IncidentPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public Uni<IncidentPage> list(
      @Parameter(description = "open, acknowledged or resolved", example = "open")
          @QueryParam("status")
          String status,
      @Parameter(example = "incident.refresh_token_reuse") @QueryParam("type") String type,
      @Parameter(description = "Page size, 1 to 200 (default 50)", example = "50")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor) {
    Optional<String> s = present(status);
    if (s.isPresent() && !STATUSES.contains(s.get())) {
      throw ProblemException.badRequest("status must be one of open, acknowledged, resolved.");
    }
    PageRequest page = PageRequest.of(limit, cursor, config.maxPageSize());
    return service
        .list(s, present(CleanText.require("type", type, 100)), page)
        .map(p -> new IncidentPage(p.items(), p.nextCursor()));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get one incident")
  @APIResponse(
      responseCode = "200",
      description = "The incident",
      content = @Content(schema = @Schema(implementation = IncidentView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<IncidentView> get(@PathParam("id") String id) {
    return service.get(uuid(id));
  }

  @POST
  @Path("/{id}/acknowledge")
  @Operation(summary = "Acknowledge an open incident")
  @APIResponse(
      responseCode = "200",
      description = "The acknowledged incident",
      content = @Content(schema = @Schema(implementation = IncidentView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<IncidentView> acknowledge(@PathParam("id") String id) {
    return service.acknowledge(actor(), uuid(id));
  }

  @POST
  @Path("/{id}/resolve")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Resolve an incident with a note")
  @APIResponse(
      responseCode = "200",
      description = "The resolved incident",
      content = @Content(schema = @Schema(implementation = IncidentView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<IncidentView> resolve(
      @PathParam("id") String id, @Valid @NotNull ResolveIncidentRequest request) {
    return service.resolve(actor(), uuid(id), request.note());
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  private static UUID uuid(String id) {
    if (id.length() != 36) {
      throw ProblemException.badRequest("Incident id must be a UUID.");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("Incident id must be a UUID.");
    }
  }

  /** A page of incidents. */
  @Schema(name = "IncidentPage")
  public record IncidentPage(
      List<IncidentView> items,
      @Schema(description = "Pass as cursor for the next page; null on the last page.")
          @JsonProperty("next_cursor")
          String nextCursor) {}
}
