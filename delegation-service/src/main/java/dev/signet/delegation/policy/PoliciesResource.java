package dev.signet.delegation.policy;

import dev.signet.common.error.ProblemException;
import dev.signet.delegation.DelegationScopes;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * Policies: allow or deny, targets as globs, an optional CEL condition compiled on write (a
 * condition that does not compile is a 400 naming line and column). Reads need {@code
 * signet:delegation:read} or {@code :admin}; writes need {@code :admin}.
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoliciesResource {

  private final PolicyRepository policies;
  private final SecurityIdentity identity;

  PoliciesResource(PolicyRepository policies, SecurityIdentity identity) {
    this.policies = policies;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<List<Policy>> list() {
    return policies.list();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<Policy> get(@PathParam("id") String id) {
    UUID uuid = id(id);
    return policies
        .find(uuid)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("no policy " + uuid)));
  }

  @POST
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> create(@NotNull @Valid PolicyWrite body) {
    validate(body);
    return policies
        .create(body, actor())
        .map(
            p ->
                Response.status(201)
                    .entity(p)
                    .header("Location", "/v1/policies/" + p.id())
                    .build());
  }

  @PUT
  @Path("/{id}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Policy> replace(@PathParam("id") String id, @NotNull @Valid PolicyWrite body) {
    UUID uuid = id(id);
    validate(body);
    return policies.replace(uuid, body, actor());
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> delete(@PathParam("id") String id) {
    return policies.delete(id(id), actor()).map(ignored -> Response.noContent().build());
  }

  /** Globs parse and the condition compiles, or a 400 that says where. */
  static void validate(PolicyWrite w) {
    globs("subjects", w.subjects());
    globs("actions", w.actions());
    globs("resources", w.resources());
    String condition = w.conditionOrNull();
    if (condition != null) {
      try {
        Conditions.compile(condition);
      } catch (Conditions.InvalidCondition e) {
        throw ProblemException.badRequest(e.detail());
      }
    }
  }

  private static void globs(String field, List<String> patterns) {
    for (String p : PolicyWrite.orEmpty(patterns)) {
      try {
        Glob.of(p);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest(field + ": " + e.getMessage());
      }
    }
  }

  static UUID id(String raw) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ProblemException.notFound("no policy with that id");
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
