package dev.signet.token.decision;

import dev.signet.common.delegation.DecisionBatchRequest;
import dev.signet.common.delegation.DecisionBatchResponse;
import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
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
 * delegation-service's policy decision point, on the delegation check's connection settings and
 * internal token ({@code signet-delegation}), so both are configured once.
 */
@RegisterRestClient(configKey = "signet-delegation")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path("")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface DecisionsClient {

  @POST
  @Path(DelegationPaths.DECISIONS)
  Uni<DecisionResponse> decide(DecisionRequest request);

  @POST
  @Path(DelegationPaths.DECISIONS_BATCH)
  Uni<DecisionBatchResponse> decideAll(DecisionBatchRequest request);
}
