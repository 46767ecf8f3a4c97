package dev.signet.admin.tokens;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.paging.PageRequest;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import dev.signet.common.tokens.TokenAdminContract;
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
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin REST API over issued tokens; token-service does the work over its internal API. */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"signet:admin", "signet:tokens:admin"})
@Tag(name = "Tokens")
public class TokenAdminResource {

  private static final Set<String> STATUSES = Set.of("active", "revoked", "expired");

  private final TokenAdminService service;
  private final SecurityIdentity identity;
  private final AdminConfig config;

  TokenAdminResource(TokenAdminService service, SecurityIdentity identity, AdminConfig config) {
    this.service = service;
    this.identity = identity;
    this.config = config;
  }

  @GET
  @Path("/families")
  @Operation(summary = "Refresh token families of a client or a user, with status")
  @APIResponse(
      responseCode = "200",
      description = "One page, newest first",
      content = @Content(schema = @Schema(implementation = TokenAdminContract.FamilyPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<TokenAdminContract.FamilyPage> families(
      @Parameter(example = "cli") @QueryParam("client_id") String clientId,
      @Parameter(example = "user:alice") @QueryParam("subject") String subject,
      @Parameter(description = "active, revoked or expired", example = "active")
          @QueryParam("status")
          String status,
      @Parameter(description = "Page size, 1 to 200 (default 50)", example = "50")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor")
          String cursor) {
    String client = blankToNull(CleanText.require("client_id", clientId, 200));
    String user = blankToNull(CleanText.require("subject", subject, 500));
    if ((client == null) == (user == null)) {
      throw ProblemException.badRequest("Give exactly one of client_id or subject.");
    }
    String s = blankToNull(status);
    if (s != null && !STATUSES.contains(s)) {
      throw ProblemException.badRequest("status must be one of active, revoked, expired.");
    }
    // The cursor belongs to token-service; it is passed on as given.
    int size = PageRequest.of(limit, null, config.maxPageSize()).limit();
    return service.families(
        client, user, s, size, blankToNull(CleanText.require("cursor", cursor, 500)));
  }

  @POST
  @Path("/families/{family_id}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke a refresh token family")
  @APIResponse(
      responseCode = "200",
      description = "Revoked",
      content =
          @Content(schema = @Schema(implementation = TokenAdminContract.FamilyRevocation.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<TokenAdminContract.FamilyRevocation> revokeFamily(
      @PathParam("family_id") String familyId, @Valid RevokeFamilyRequest request) {
    UUID id;
    if (familyId.length() != 36) {
      throw ProblemException.badRequest("family_id must be a UUID.");
    }
    try {
      id = UUID.fromString(familyId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("family_id must be a UUID.");
    }
    return service.revokeFamily(actor(), id, request == null ? null : request.reason());
  }

  @POST
  @Path("/revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke every token of a client or a user (families and access tokens)")
  @APIResponse(
      responseCode = "200",
      description = "Revoked",
      content =
          @Content(schema = @Schema(implementation = TokenAdminContract.BulkRevocation.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<TokenAdminContract.BulkRevocation> revokeAll(
      @Valid @NotNull RevokeAllRequest request) {
    return service.revokeAll(actor(), request.clientId(), request.subject(), request.reason());
  }

  @GET
  @Path("/{jti}")
  @Operation(summary = "Look a token up by its jti")
  @APIResponse(
      responseCode = "200",
      description = "What token-service knows about it",
      content = @Content(schema = @Schema(implementation = TokenAdminContract.TokenInfo.class)))
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Uni<TokenAdminContract.TokenInfo> lookup(
      @Parameter(example = "9f4c2b1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b") @PathParam("jti") String jti) {
    return service.lookup(CleanText.require("jti", jti, 200));
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
