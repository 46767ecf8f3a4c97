package dev.signet.common.auth;

import dev.signet.common.error.Problem;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code Authorization: Bearer <jwt>} for every Signet service. No header means anonymous (public
 * endpoints stay public); a refused or missing token on a protected endpoint answers 401
 * problem+json with {@code WWW-Authenticate: Bearer} (RFC 6750).
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

  private static final String SCHEME = "bearer";
  private static final String REALM = "signet";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String token = bearerToken(context.request().getHeader("Authorization"));
    if (token == null) {
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    return identityProviderManager.authenticate(
        HttpSecurityUtils.setRoutingContextAttribute(new BearerTokenRequest(token), context));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom()
        .item(new ChallengeData(401, "WWW-Authenticate", challenge(reason(context))));
  }

  @Override
  public Uni<Boolean> sendChallenge(RoutingContext context) {
    if (!context.response().headWritten()) {
      String reason = reason(context);
      context
          .response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", challenge(reason))
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .putHeader("Cache-Control", "no-store")
          .end(Json.encode(unauthorized(reason).withInstance(context.normalizedPath())));
    }
    return Uni.createFrom().item(true);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(BearerTokenRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
  }

  /** The token of a {@code Bearer} Authorization header, or null for none or another scheme. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static String reason(RoutingContext context) {
    return context.get(BearerIdentityProvider.FAILURE_REASON);
  }

  /** The WWW-Authenticate value: RFC 6750 error only when a token was presented and refused. */
  static String challenge(String reason) {
    if (reason == null) {
      return "Bearer realm=\"" + REALM + "\"";
    }
    return "Bearer realm=\""
        + REALM
        + "\", error=\"invalid_token\", error_description=\"token rejected: "
        + reason
        + "\"";
  }

  /** The problem body for a missing or refused token. */
  static Problem unauthorized(String reason) {
    String detail =
        reason == null
            ? "This endpoint needs a bearer token."
            : "The bearer token was rejected (" + reason + ").";
    return Problem.of(401, "unauthorized", "Unauthorized", detail);
  }
}
