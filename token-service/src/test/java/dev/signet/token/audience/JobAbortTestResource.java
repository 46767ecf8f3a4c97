package dev.signet.token.audience;

import dev.signet.common.auth.RequiresAudience;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * A resource server's endpoints, hosted by token-service in tests only: one operation meant for
 * {@code jobs.abort} audience tokens, one annotated without a scope check, one that is not.
 */
@Path("/test/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobAbortTestResource {

  static final String AUDIENCE = "jobs.abort";

  /** Registered single-use: the endpoint consumes the token. */
  static final String ONCE = "jobs.abort.once";

  private final SecurityIdentity identity;

  JobAbortTestResource(SecurityIdentity identity) {
    this.identity = identity;
  }

  @POST
  @Path("/{id}/abort")
  @RequiresAudience(AUDIENCE)
  @RolesAllowed("jobs:abort")
  public Map<String, String> abort(@PathParam("id") String id) {
    return Map.of("aborted", id, "by", identity.getPrincipal().getName());
  }

  @POST
  @Path("/{id}/abort-once")
  @RequiresAudience(ONCE)
  @RolesAllowed("jobs:abort")
  public Map<String, String> abortOnce(@PathParam("id") String id) {
    return Map.of("aborted", id);
  }

  @GET
  @Path("/abort-status")
  @RequiresAudience({AUDIENCE, "jobs.abort.legacy"})
  public Map<String, String> status() {
    return Map.of("by", identity.getPrincipal().getName());
  }

  @GET
  @RolesAllowed("jobs:abort")
  public Map<String, String> list() {
    return Map.of("by", identity.getPrincipal().getName());
  }
}
