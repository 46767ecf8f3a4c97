package dev.signet.token.federation;

import dev.signet.common.auth.Scopes;
import dev.signet.common.error.ProblemException;
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

/** Admins create, read, replace and delete federation trusts (issue 14, point 2). */
@Path("/v1/federation/trusts")
@Produces(MediaType.APPLICATION_JSON)
public class FederationTrustResource {

  private final FederationTrustStore store;
  private final TrustExplainer explainer;
  private final SecurityIdentity identity;

  FederationTrustResource(
      FederationTrustStore store, TrustExplainer explainer, SecurityIdentity identity) {
    this.store = store;
    this.explainer = explainer;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<List<TrustView>> list() {
    return store.list().map(trusts -> trusts.stream().map(TrustView::of).toList());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<TrustView> get(@PathParam("id") String id) {
    return store
        .find(uuid(id))
        .map(
            found ->
                found
                    .map(TrustView::of)
                    .orElseThrow(
                        () -> ProblemException.notFound("No federation trust with this id.")));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("signet:tokens:admin")
  public Uni<Response> create(@Valid @NotNull TrustRequest request) {
    mayGrant(request);
    return store
        .create(request, actor())
        .map(trust -> Response.status(201).entity(TrustView.of(trust)).build());
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("signet:tokens:admin")
  public Uni<TrustView> replace(@PathParam("id") String id, @Valid @NotNull TrustRequest request) {
    UUID trustId = uuid(id);
    mayGrant(request);
    return store.replace(trustId, request, actor()).map(TrustView::of);
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed("signet:tokens:admin")
  public Uni<Response> delete(@PathParam("id") String id) {
    return store.delete(uuid(id), actor()).replaceWith(Response.noContent().build());
  }

  /**
   * Which rule a token (or a claim set) would match, or why each rule would not; issues nothing.
   */
  @POST
  @Path("/{id}/explain")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<ExplainResult> explain(
      @PathParam("id") String id, @Valid @NotNull ExplainRequest request) {
    return explainer.explain(uuid(id), request);
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  /** The reserved {@code signet:} scopes only go into a rule written by a {@code signet:admin}. */
  private void mayGrant(TrustRequest request) {
    if (request.rules() == null || identity.hasRole(Scopes.ADMIN)) {
      return;
    }
    for (RuleBody rule : request.rules()) {
      if (rule.scopes() != null && rule.scopes().stream().anyMatch(s -> s.startsWith("signet:"))) {
        throw ProblemException.forbidden("Only signet:admin may grant signet: scopes in a rule.");
      }
    }
  }

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No federation trust with this id.");
    }
  }
}
