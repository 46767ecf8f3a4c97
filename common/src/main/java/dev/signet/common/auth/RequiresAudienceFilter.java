package dev.signet.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@link RequiresAudience} on the endpoints it marks: the caller must present a bearer
 * token (the annotation implies authentication, even without {@code @RolesAllowed}) whose {@code
 * aud} names one of the endpoint's audiences. {@link BearerIdentityProvider} already applies the
 * same rule when it authenticates; this is the check that does not depend on when that happened. A
 * token marked {@code single_use} is consumed here ({@link AudienceTokenUses}); its second use is
 * refused ({@code already_used}).
 */
public class RequiresAudienceFilter {

  private static AuthenticationFailedException refused(RoutingContext routing, String reason) {
    routing.put(BearerIdentityProvider.FAILURE_REASON, reason);
    return new AuthenticationFailedException("invalid token: " + reason);
  }

  private final CurrentIdentityAssociation identities;
  private final AudienceTokenUses uses;

  RequiresAudienceFilter(CurrentIdentityAssociation identities, AudienceTokenUses uses) {
    this.identities = identities;
    this.uses = uses;
  }

  // The empty value only makes the annotation bind this filter to the endpoints that carry it.
  @RequiresAudience({})
  @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
  public Uni<Void> requireAudience(ResourceInfo resource, RoutingContext routing) {
    Optional<List<String>> required =
        EndpointAudiences.of(resource.getResourceClass(), resource.getResourceMethod());
    if (required.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> audiences = required.get();
    return identities
        .getDeferredIdentity()
        .chain(
            identity -> {
              VerifiedToken token = TokenIdentity.token(identity);
              if (token == null) {
                throw new UnauthorizedException();
              }
              if (!EndpointAudiences.carriesOneOf(token, audiences)) {
                throw refused(routing, "wrong_audience");
              }
              if (!AudienceTokenUses.singleUse(token)) {
                return Uni.createFrom().voidItem();
              }
              // A single-use token is used up here, by the operation it was minted for.
              String jwt =
                  BearerAuthenticationMechanism.bearerToken(
                      routing.request().getHeader("Authorization"));
              return uses.consume(jwt, token)
                  .invoke(
                      first -> {
                        if (!first) {
                          throw refused(routing, "already_used");
                        }
                      })
                  .replaceWithVoid();
            });
  }
}
