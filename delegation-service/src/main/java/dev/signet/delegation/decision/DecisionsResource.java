package dev.signet.delegation.decision;

import dev.signet.common.auth.Scopes;
import dev.signet.common.delegation.DecisionBatchRequest;
import dev.signet.common.delegation.DecisionBatchResponse;
import dev.signet.common.delegation.DecisionRequest;
import dev.signet.common.delegation.DecisionResponse;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The policy decision point other services call (token-service before it issues anything policy
 * governs). {@code signet:internal} only. Nothing here writes: a decision reads the cached,
 * compiled policy set.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.INTERNAL)
public class DecisionsResource {

  /** Most requests in one batch (the 64 KiB body limit allows about that many with attributes). */
  public static final int BATCH_MAX = 200;

  private final Decider decider;

  DecisionsResource(Decider decider) {
    this.decider = decider;
  }

  @POST
  @Path(DelegationPaths.DECISIONS)
  public Uni<DecisionResponse> decide(DecisionRequest body) {
    if (body == null) {
      throw ProblemException.badRequest("a decision request body is required");
    }
    return decider.decide(body);
  }

  @POST
  @Path(DelegationPaths.DECISIONS_BATCH)
  public Uni<DecisionBatchResponse> batch(DecisionBatchRequest body) {
    List<DecisionRequest> requests = body == null ? null : body.requests();
    if (requests == null || requests.isEmpty() || requests.size() > BATCH_MAX) {
      throw ProblemException.badRequest("requests must hold 1-" + BATCH_MAX + " decision requests");
    }
    return decider.decideAll(requests).map(DecisionBatchResponse::new);
  }
}
