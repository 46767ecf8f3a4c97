package dev.signet.token.passkey;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * admin-api's invite redemption ({@code GET /v1/verify}): admin-api owns invites and people, so the
 * welcome page asks it rather than reading its tables. The raw response, so a refusal's
 * problem+json {@code detail} reaches the person instead of becoming an exception.
 */
@RegisterRestClient(configKey = "signet-verify")
@Path("/v1/verify")
public interface AdminVerifyClient {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  Uni<Response> verify(@QueryParam("invite") String invite, @QueryParam("token") String token);
}
