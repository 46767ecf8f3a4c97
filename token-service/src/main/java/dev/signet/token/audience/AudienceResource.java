package dev.signet.token.audience;

import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
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

/** Admins register the audiences short audience-scoped tokens may name (issue 14, point 5). */
@Path("/v1/audiences")
@Produces(MediaType.APPLICATION_JSON)
public class AudienceResource {

  private final AudienceRegistry registry;
  private final SecurityIdentity identity;

  AudienceResource(AudienceRegistry registry, SecurityIdentity identity) {
    this.registry = registry;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<List<RegisteredAudience>> list() {
    return registry.list();
  }

  @GET
  @Path("/{audience}")
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<RegisteredAudience> get(@PathParam("audience") String audience) {
    return registry
        .find(path(audience))
        .map(
            found ->
                found.orElseThrow(() -> ProblemException.notFound("No such registered audience.")));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("signet:tokens:admin")
  public Uni<Response> create(@Valid @NotNull AudienceRequest request) {
    return registry
        .create(request, actor())
        .map(created -> Response.status(201).entity(created).build());
  }

  @PUT
  @Path("/{audience}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("signet:tokens:admin")
  public Uni<RegisteredAudience> replace(
      @PathParam("audience") String audience, @Valid @NotNull AudienceRequest request) {
    return registry.replace(path(audience), request, actor());
  }

  @DELETE
  @Path("/{audience}")
  @RolesAllowed("signet:tokens:admin")
  public Uni<Response> delete(@PathParam("audience") String audience) {
    return registry.delete(path(audience), actor()).replaceWith(Response.noContent().build());
  }

  /** A path value that could never be registered is simply not found (and never reaches SQL). */
  private static String path(String audience) {
    if (audience == null || audience.length() > 255 || CleanText.hasControl(audience)) {
      throw ProblemException.notFound("No such registered audience.");
    }
    return audience;
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
