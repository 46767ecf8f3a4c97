package dev.signet.token.delegation;

import dev.signet.common.delegation.DelegationCheckRequest;
import dev.signet.common.delegation.DelegationCheckResponse;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.internal.InternalAuthHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * delegation-service's hop check, with token-service's {@code signet:internal} token.
 * delegation-service owns the grants (DESIGN.md), so token-service asks rather than reads them.
 */
@RegisterRestClient(configKey = "signet-delegation")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path(DelegationPaths.DELEGATION_CHECK)
public interface DelegationCheckClient {

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<DelegationCheckResponse> check(DelegationCheckRequest request);
}
