package dev.signet.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a bearer token into a {@link TokenIdentity} through {@link TokenVerifier}. */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

  /** Routing-context key holding why the presented token was refused. */
  static final String FAILURE_REASON = "signet.auth.failure-reason";

  private final TokenVerifier verifier;
  private final RevocationCheck revocation;

  BearerIdentityProvider(TokenVerifier verifier, RevocationCheck revocation) {
    this.verifier = verifier;
    this.revocation = revocation;
  }

  @Override
  public Class<BearerTokenRequest> getRequestType() {
    return BearerTokenRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      BearerTokenRequest request, AuthenticationRequestContext context) {
    return verifier
        .verifyFor(request.token())
        .call(
            verified ->
                revocation
                    .revoked(request.token(), verified)
                    .invoke(
                        revoked -> {
                          if (revoked) {
                            throw new InvalidTokenException("revoked");
                          }
                        }))
        .<SecurityIdentity>map(TokenIdentity::of)
        .onFailure()
        .transform(
            e -> {
              String reason =
                  e instanceof InvalidTokenException invalid ? invalid.reason() : "unverifiable";
              RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
              if (routing != null) {
                routing.put(FAILURE_REASON, reason);
              }
              if (e instanceof InvalidTokenException) {
                return new AuthenticationFailedException(e.getMessage());
              }
              // Key store unreachable and the like: not the caller's fault, keep the cause.
              return e;
            });
  }
}
