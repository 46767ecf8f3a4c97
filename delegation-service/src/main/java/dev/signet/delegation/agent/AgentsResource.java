package dev.signet.delegation.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.auth.Scopes;
import dev.signet.common.error.ProblemException;
import dev.signet.delegation.DelegationScopes;
import dev.signet.delegation.scopes.ScopeNames;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
 * Agent credentials: owner, OAuth client, capabilities, limits, parent and counters. Admin writes,
 * reader reads; services report outcomes through {@code /internal/v1/agents/{id}/outcomes}.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentsResource {

  /** Body of the outcome report: how many tokens were issued and calls succeeded or failed. */
  public record Outcomes(
      @Min(0) @Max(1_000_000) long issued,
      @Min(0) @Max(1_000_000) long succeeded,
      @JsonProperty("failed") @Min(0) @Max(1_000_000) long failed) {}

  private final AgentRepository agents;
  private final SecurityIdentity identity;

  AgentsResource(AgentRepository agents, SecurityIdentity identity) {
    this.agents = agents;
    this.identity = identity;
  }

  @GET
  @Path("/v1/agents")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<List<Agent>> list() {
    return agents.list();
  }

  @GET
  @Path("/v1/agents/{id}")
  @RolesAllowed({DelegationScopes.READ, DelegationScopes.ADMIN})
  public Uni<Agent> get(@PathParam("id") String id) {
    UUID uuid = id(id);
    return agents
        .find(uuid)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("no agent " + uuid)));
  }

  @POST
  @Path("/v1/agents")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Response> create(@NotNull @Valid AgentWrite body) {
    validate(body);
    return agents
        .create(body, actor())
        .map(
            a -> Response.status(201).entity(a).header("Location", "/v1/agents/" + a.id()).build());
  }

  @PUT
  @Path("/v1/agents/{id}")
  @RolesAllowed(DelegationScopes.ADMIN)
  public Uni<Agent> replace(@PathParam("id") String id, @NotNull @Valid AgentWrite body) {
    UUID uuid = id(id);
    validate(body);
    return agents.replace(uuid, body, actor());
  }

  @POST
  @Path("/internal/v1/agents/{id}/outcomes")
  @RolesAllowed(Scopes.INTERNAL)
  public Uni<Agent> outcomes(@PathParam("id") String id, @NotNull @Valid Outcomes body) {
    return agents.count(id(id), body.issued(), body.succeeded(), body.failed());
  }

  /** Scope names are well formed and none is reserved: agents never hold {@code signet:} scopes. */
  static void validate(AgentWrite w) {
    for (String s : AgentWrite.orEmpty(w.allowedScopes())) {
      ScopeNames.require(s, "allowed_scopes");
      if (s.startsWith("signet:")) {
        throw ProblemException.badRequest("allowed_scopes: signet: scopes are reserved");
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
    throw ProblemException.notFound("no agent with that id");
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }
}
