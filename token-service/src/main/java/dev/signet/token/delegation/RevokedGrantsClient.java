package dev.signet.token.delegation;

import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.delegation.RevokedGrants;
import dev.signet.common.internal.InternalAuthHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** delegation-service's revoked grants, on the delegation check's connection and token. */
@RegisterRestClient(configKey = "signet-delegation")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path(DelegationPaths.REVOKED_GRANTS)
public interface RevokedGrantsClient {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Uni<RevokedGrants> page(
      @QueryParam("since") String since,
      @QueryParam("after") String after,
      @QueryParam("limit") int limit);
}
