package dev.signet.common.audit;

import dev.signet.common.internal.InternalAuthHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * admin-api's intake for audit events, as the outbox dispatcher calls it, with this service's
 * {@code signet:internal} token.
 */
@RegisterRestClient(configKey = "signet-audit")
@RegisterClientHeaders(InternalAuthHeaders.class)
@Path("/internal/v1/audit-events")
public interface AuditDeliveryClient {

  /** An {@link AuditBatch} as JSON, made of the outbox payloads as they were stored. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<Void> deliver(String batchJson);
}
