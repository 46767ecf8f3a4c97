package dev.signet.admin.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.persistence.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin REST API for people. There is no self sign-up: a person exists because an admin created
 * them (or, with the invite flow, invited them).
 */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:users:admin"})
@Tag(name = "Users")
public class UserResource {

  private final UserService service;
  private final SecurityIdentity identity;
  private final AdminConfig config;

  UserResource(UserService service, SecurityIdentity identity, AdminConfig config) {
    this.service = service;
    this.identity = identity;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a person (status invited until they verify their address)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<Response> create(@Valid @NotNull CreateUserRequest request) {
    return service
        .create(caller(), request)
        .map(
            u ->
                Response.status(Response.Status.CREATED)
                    .header("Location", "/v1/users/" + u.id())
                    .entity(u)
                    .build());
  }

  @GET
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "List people, oldest first, with filters and a cursor")
  @APIResponse(
      responseCode = "200",
      description = "One page",
      content = @Content(schema = @Schema(implementation = UserPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  public Uni<UserPage> list(
      @Parameter(description = "invited, active, disabled or deleted (deleted only when asked)")
          @QueryParam("status")
          String status,
      @Parameter(description = "People who hold this role", example = "developer")
          @QueryParam("role")
          String role,
      @Parameter(description = "Case-insensitive part of the address", example = "example.com")
          @QueryParam("email")
          String email,
      @Parameter(description = "Page size, 1 to 200 (default 50)") @QueryParam("limit")
          String limit,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor) {
    UserFilter filter = UserFilter.of(status, role, email);
    PageRequest page = PageRequest.of(limit, cursor, config.maxPageSize());
    return service.list(filter, page).map(p -> new UserPage(p.items(), p.nextCursor()));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({"signet:admin", "signet:users:admin", "signet:users:read"})
  @Operation(summary = "Get one person (deleted people too, with status deleted)")
  @APIResponse(
      responseCode = "200",
      description = "The person",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Uni<UserView> get(@PathParam("id") String id) {
    return service.get(pathId(id));
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change the display name or the roles",
      description =
          "A change of roles bumps user_ver and revokes every token the person holds (503 and"
              + " no change when token-service cannot be reached).")
  @APIResponse(
      responseCode = "200",
      description = "The person after the change",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<UserView> update(
      @PathParam("id") String id, @Valid @NotNull UpdateUserRequest request) {
    return service.update(caller(), pathId(id), request);
  }

  @POST
  @Path("/{id}/disable")
  @Operation(summary = "Disable: bumps user_ver and revokes every token the person holds")
  @APIResponse(
      responseCode = "200",
      description = "The disabled person",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<UserView> disable(@PathParam("id") String id) {
    return service.setEnabled(caller(), pathId(id), false);
  }

  @POST
  @Path("/{id}/enable")
  @Operation(summary = "Enable a disabled person again")
  @APIResponse(
      responseCode = "200",
      description = "The enabled person",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  public Uni<UserView> enable(@PathParam("id") String id) {
    return service.setEnabled(caller(), pathId(id), true);
  }

  @POST
  @Path("/{id}/revoke-tokens")
  @Operation(summary = "Sign the person out everywhere: bumps user_ver, revokes every token")
  @APIResponse(
      responseCode = "200",
      description = "The person with the new user_ver",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<UserView> revokeTokens(@PathParam("id") String id) {
    return service.revokeTokens(caller(), pathId(id));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Delete (soft): the row stays for the audit trail; tokens are revoked")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<Response> delete(@PathParam("id") String id) {
    return service.delete(caller(), pathId(id)).map(v -> Response.noContent().build());
  }

  /** A user id from the path: anything but a UUID is a 400 naming the field. */
  static UUID pathId(String id) {
    return Ids.uuid("id", id);
  }

  private RoleCeiling caller() {
    return RoleCeiling.of(identity);
  }

  /** A page of people (a named type so the OpenAPI schema is concrete). */
  @Schema(name = "UserPage")
  public record UserPage(
      List<UserView> items,
      @Schema(description = "Pass as cursor for the next page; null on the last page.")
          @JsonProperty("next_cursor")
          String nextCursor) {}
}
