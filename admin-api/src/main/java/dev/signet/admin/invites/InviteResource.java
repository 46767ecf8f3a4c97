package dev.signet.admin.invites;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.persistence.Ids;
import dev.signet.admin.users.RoleCeiling;
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
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin REST API for invites. The invitation mail goes out after the invite is committed. */
@Path("/v1/invites")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:users:admin"})
@Tag(name = "Invites")
public class InviteResource {

  private final InviteService service;
  private final InviteSending sending;
  private final SecurityIdentity identity;
  private final AdminConfig config;

  InviteResource(
      InviteService service, InviteSending sending, SecurityIdentity identity, AdminConfig config) {
    this.service = service;
    this.sending = sending;
    this.identity = identity;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Invite a person: stores the invite and mails them a single-use link",
      description =
          "When the mail cannot be sent the invite is withdrawn and the answer is 502; retrying"
              + " is safe (a new invite replaces the person's earlier pending ones).")
  @APIResponse(
      responseCode = "201",
      description = "Invited and mailed",
      content = @Content(schema = @Schema(implementation = SentInvite.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "429", description = "This admin sent too many invitations")
  @APIResponse(responseCode = "502", description = "The mail could not be sent; nothing is left")
  public Uni<Response> create(@Valid @NotNull CreateInviteRequest request) {
    return sending
        .send(RoleCeiling.of(identity), request)
        .map(
            sent ->
                Response.status(Response.Status.CREATED)
                    .header("Location", "/v1/invites/" + sent.invite().id())
                    .entity(sent)
                    .build());
  }

  @GET
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "List invites, oldest first, by state and address")
  @APIResponse(
      responseCode = "200",
      description = "One page",
      content = @Content(schema = @Schema(implementation = InvitePage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public Uni<InvitePage> list(
      @Parameter(description = "pending, redeemed, expired or revoked") @QueryParam("status")
          String status,
      @Parameter(description = "Case-insensitive part of the address") @QueryParam("email")
          String email,
      @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit")
          String limit,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor) {
    InviteFilter filter = InviteFilter.of(status, email);
    PageRequest page = PageRequest.of(limit, cursor, config.maxPageSize());
    return service.list(filter, page).map(p -> new InvitePage(p.items(), p.nextCursor()));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "Get one invite")
  @APIResponse(
      responseCode = "200",
      description = "The invite",
      content = @Content(schema = @Schema(implementation = InviteView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<InviteView> get(@PathParam("id") String id) {
    return service.get(Ids.uuid("id", id));
  }

  @POST
  @Path("/{id}/revoke")
  @Operation(summary = "Withdraw a pending invite; its link stops working")
  @APIResponse(
      responseCode = "200",
      description = "The revoked invite",
      content = @Content(schema = @Schema(implementation = InviteView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<InviteView> revoke(
      @PathParam("id") String id,
      @Parameter(description = "Why, for the audit trail", example = "wrong address")
          @QueryParam("reason")
          String reason) {
    String why = CleanText.require("reason", reason, 200);
    return service.revoke(
        RoleCeiling.of(identity),
        Ids.uuid("id", id),
        why == null || why.isBlank() ? null : why.trim());
  }

  /** A page of invites (a named type so the OpenAPI schema is concrete). */
  @Schema(name = "InvitePage")
  public record InvitePage(
      List<InviteView> items,
      @Schema(description = "Pass as cursor for the next page; null on the last page.")
          @JsonProperty("next_cursor")
          String nextCursor) {}
}
