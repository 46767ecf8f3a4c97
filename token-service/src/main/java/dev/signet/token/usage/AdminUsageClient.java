package dev.signet.token.usage;

import dev.signet.common.internal.InternalAuthHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** admin-api's usage intake; admin-api owns service_accounts, so token-service never writes it. */
@RegisterRestClient(configKey = "signet-usage")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path("/internal/v1/service-accounts/usage")
public interface AdminUsageClient {

  /** The batch body. */
  record Batch(List<UsageAccumulator.Usage> items) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<Void> report(Batch batch);
}
