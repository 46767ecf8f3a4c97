package dev.signet.token.policy;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admins read and replace token lifetimes and the refresh reuse grace window. */
@Path("/v1/token-policy")
@Produces(MediaType.APPLICATION_JSON)
public class TokenPolicyResource {

  private final TokenPolicyService policies;
  private final SecurityIdentity identity;

  TokenPolicyResource(TokenPolicyService policies, SecurityIdentity identity) {
    this.policies = policies;
    this.identity = identity;
  }

  @GET
  @RolesAllowed({"signet:tokens:read", "signet:tokens:admin"})
  public Uni<TokenPolicyView> get() {
    return policies.load();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("signet:tokens:admin")
  public Uni<TokenPolicyView> replace(@Valid @NotNull TokenPolicyUpdate update) {
    return policies.update(update, identity.getPrincipal().getName());
  }
}
