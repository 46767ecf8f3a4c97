package dev.signet.admin.usage;

import dev.signet.admin.internal.InternalCallers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where token-service delivers service-account usage in batches (usage count, last used, last IP),
 * so no request to /oauth2/token writes service_accounts, which admin-api owns.
 */
@Path("/internal/v1/service-accounts/usage")
@Tag(name = "internal")
@RolesAllowed("signet:internal")
public class UsageResource {

  private final UsageStore store;
  private final InternalCallers callers;
  private final SecurityIdentity identity;
  private final Clock clock;

  UsageResource(UsageStore store, InternalCallers callers, SecurityIdentity identity, Clock clock) {
    this.store = store;
    this.callers = callers;
    this.identity = identity;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a batch of client authentications to the accounts' usage")
  public Uni<UsageBatch.Result> record(@Valid @NotNull UsageBatch batch) {
    // Only token-service authenticates clients, so only its internal account reports usage.
    return callers
        .require(identity, "token")
        .invoke(() -> batch.requireSaneTimes(clock.instant()))
        .chain(() -> store.apply(batch.items()))
        .map(n -> new UsageBatch.Result(batch.items().size(), n));
  }
}
