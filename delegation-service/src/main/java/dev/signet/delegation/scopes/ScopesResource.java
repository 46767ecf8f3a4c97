package dev.signet.delegation.scopes;

import dev.signet.common.error.ProblemException;
import dev.signet.delegation.DelegationScopes;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/**
 * Scopes and what they imply. Reads need {@code signet:delegation:read} or {@code :admin}; writes
 * need {@code :admin}.
 */
@Path("/v1/scopes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScopesResource {

  /** Body and answer of {@code POST /v1/scopes/expand}. */
  public record ScopeList(
      @NotNull @Size(min = 1, max = ScopeNames.IMPLIES_MAX) List<@NotNull String> scopes) {}

  private final ScopeRepository scopes;
  private final SecurityIdentity identity;

  ScopesResource(ScopeRepository scopes, SecurityIdentity identity) {
    this.scopes = scopes;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<List<Scope>> list() {
    return scopes.list();
  }

  @GET
  @Path("/{name}")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<Scope> get(@PathParam("name") String name) {
    String n = ScopeNames.require(name, "name");
    return scopes
        .find(n)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("no scope " + n)));
  }

  /**
   * Creates (201) or replaces (200) a scope; 409 naming the cycle if its implications close one.
   */
  @PUT
  @Path("/{name}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> put(@PathParam("name") String name, @NotNull @Valid ScopeWrite body) {
    String n = ScopeNames.require(name, "name");
    body.impliesOrEmpty().forEach(s -> ScopeNames.require(s, "implies"));
    return scopes
        .put(n, body, actor())
        .map(put -> Response.status(put.created() ? 201 : 200).entity(put.scope()).build());
  }

  /** Deletes a scope no other scope implies. */
  @DELETE
  @Path("/{name}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> delete(@PathParam("name") String name) {
    String n = ScopeNames.require(name, "name");
    return scopes.delete(n, actor()).map(ignored -> Response.noContent().build());
  }

  /** The scopes and everything they imply, transitively, sorted by name. */
  @POST
  @Path("/expand")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<ScopeList> expand(@NotNull @Valid ScopeList body) {
    body.scopes().forEach(s -> ScopeNames.require(s, "scopes"));
    return scopes.expand(body.scopes()).map(all -> new ScopeList(List.copyOf(all)));
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
