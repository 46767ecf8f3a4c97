package dev.signet.admin.tokens;

import dev.signet.common.internal.InternalAuthHeaders;
import dev.signet.common.tokens.TokenAdminContract;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * token-service's internal token administration API, as admin-api calls it. token-service owns
 * refresh_tokens and revoked_jtis, so admin-api never writes them; every call carries admin-api's
 * {@code signet:internal} bearer token (InternalAuthHeaders). Errors come back as problem+json: 400
 * for a bad request, 404 for an unknown family or jti.
 */
@RegisterRestClient(configKey = "signet-token")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path("/internal/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public interface TokenServiceClient {

  /**
   * Refresh token families of a client or a subject (exactly one is given), newest first. {@code
   * status} filters on active, revoked or expired.
   */
  @GET
  @Path("/families")
  Uni<TokenAdminContract.FamilyPage> families(
      @QueryParam("client_id") String clientId,
      @QueryParam("subject") String subject,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);

  /** Revokes every refresh token of the family; 404 when the family is unknown. */
  @POST
  @Path("/families/{family_id}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<TokenAdminContract.FamilyRevocation> revokeFamily(
      @PathParam("family_id") String familyId, TokenAdminContract.RevokeRequest request);

  /**
   * Revokes everything of a client or a subject (exactly one is given): all refresh families and,
   * through the jti denylist, the access tokens still valid.
   */
  @POST
  @Path("/revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<TokenAdminContract.BulkRevocation> revokeAll(TokenAdminContract.BulkRevokeRequest request);

  /** What token-service knows about a token id (access or refresh); 404 when nothing. */
  @GET
  @Path("/{jti}")
  Uni<TokenAdminContract.TokenInfo> lookup(@PathParam("jti") String jti);
}
