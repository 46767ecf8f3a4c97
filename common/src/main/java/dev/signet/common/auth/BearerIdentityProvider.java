package dev.signet.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a bearer token into a {@link TokenIdentity}: the {@link BearerTokenVerifier} that {@code
 * signet.auth.verifier} selects ({@code database}, the default, or {@code jwks}) checks signature,
 * issuer, type and times; then the audience the endpoint accepts (its {@link RequiresAudience},
 * else this service's {@code signet.auth.audience}); then revocation.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

  /** Routing-context key holding why the presented token was refused. */
  static final String FAILURE_REASON = "signet.auth.failure-reason";

  private final BearerTokenVerifier verifier;
  private final RevocationCheck revocation;
  private final List<String> serviceAudience;

  BearerIdentityProvider(
      @ConfigProperty(name = "signet.auth.verifier", defaultValue = "database") String kind,
      @ConfigProperty(name = "signet.auth.audience") String audience,
      Instance<TokenVerifier> database,
      Instance<JwksTokenVerifier> jwks,
      RevocationCheck revocation) {
    this.verifier =
        switch (kind) {
          case "database" -> database.get();
          case "jwks" -> jwks.get();
          default ->
              throw new IllegalStateException(
                  "signet.auth.verifier must be database or jwks, not " + kind);
        };
    this.serviceAudience = List.of(audience);
    this.revocation = revocation;
  }

  @Override
  public Class<BearerTokenRequest> getRequestType() {
    return BearerTokenRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      BearerTokenRequest request, AuthenticationRequestContext context) {
    List<String> accepted = EndpointAudiences.current().orElse(serviceAudience);
    return verifier
        .verify(request.token())
        .invoke(
            verified -> {
              if (!EndpointAudiences.carriesOneOf(verified, accepted)) {
                throw new InvalidTokenException("wrong_audience");
              }
            })
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
