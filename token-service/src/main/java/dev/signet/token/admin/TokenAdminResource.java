package dev.signet.token.admin;

import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.TokenAdminContract;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Token administration for admin-api, which owns no token table: list refresh families, revoke one
 * family, revoke everything of a client or subject, look up a token id.
 */
@Path("/internal/v1/tokens")
@Tag(name = "internal")
@RolesAllowed("signet:internal")
@Produces(MediaType.APPLICATION_JSON)
public class TokenAdminResource {

  private final TokenQueries queries;
  private final TokenAdministration administration;

  TokenAdminResource(TokenQueries queries, TokenAdministration administration) {
    this.queries = queries;
    this.administration = administration;
  }

  @GET
  @Path("/families")
  @Operation(summary = "Refresh token families of a client or a subject, newest first")
  public Uni<TokenAdminContract.FamilyPage> families(
      @QueryParam("client_id") String clientId,
      @QueryParam("subject") String subject,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return queries.families(clientId, subject, status, limit, cursor);
  }

  @POST
  @Path("/families/{family_id}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke every refresh token of a family")
  public Uni<TokenAdminContract.FamilyRevocation> revokeFamily(
      @PathParam("family_id") String familyId,
      @Valid @NotNull TokenAdminContract.RevokeRequest request) {
    UUID id =
        TokenQueries.uuid(familyId)
            .orElseThrow(() -> ProblemException.badRequest("family_id is not a UUID."));
    return administration.revokeFamily(id, request);
  }

  @POST
  @Path("/revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Revoke every token of a client or a subject")
  public Uni<TokenAdminContract.BulkRevocation> revokeAll(
      @Valid @NotNull TokenAdminContract.BulkRevokeRequest request) {
    return administration.revokeAll(request);
  }

  @GET
  @Path("/{jti}")
  @Operation(summary = "What token-service knows about a token id (access or refresh)")
  public Uni<TokenAdminContract.TokenInfo> lookup(@PathParam("jti") String jti) {
    return queries.lookup(jti);
  }
}
