package dev.signet.common.auth;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bearer token must be meant for this operation: its {@code aud} must contain at least one of
 * {@link #value()}. On a method it overrides its class's.
 *
 * <p>The annotation <em>replaces</em> the service's own audience ({@code signet.auth.audience}) on
 * the endpoint it marks, it does not add to it. An audience-scoped token minted for {@code
 * jobs.abort} carries only {@code aud: ["jobs.abort"]}, so it opens exactly the endpoints annotated
 * {@code @RequiresAudience("jobs.abort")} and none other (every unannotated endpoint still demands
 * the service's audience); a general token for the service does not open a
 * {@code @RequiresAudience("jobs.abort")} endpoint, because it does not name {@code jobs.abort}.
 * Scopes are still checked by {@code @RolesAllowed} beside it.
 *
 * <p>A token that fails the check is refused with 401 and {@code WWW-Authenticate: Bearer
 * error="invalid_token"} ({@code wrong_audience}); no token at all with 401 and a bare challenge.
 * Verification, revocation and the audience rule are in {@link BearerIdentityProvider} (which
 * learns the endpoint's audiences from {@link EndpointAudiences}); {@link RequiresAudienceFilter}
 * checks again on every annotated endpoint, so an identity established before the endpoint was
 * known (proactive authentication) cannot slip through.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAudience {

  /** This service's own audience, {@code signet.auth.audience}. */
  String SERVICE = "${signet.auth.audience}";

  /**
   * The audiences this endpoint accepts; a token must carry at least one of them. A value {@code
   * ${property}} (or {@code ${property:default}}) is read from the configuration, so {@link
   * #SERVICE} keeps the service's general tokens working beside a per-operation audience.
   */
  String[] value();
}
