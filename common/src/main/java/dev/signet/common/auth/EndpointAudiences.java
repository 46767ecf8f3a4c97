package dev.signet.common.auth;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

/**
 * The audiences the endpoint being served accepts: its {@link RequiresAudience}, or nothing when it
 * has none (then the service's own audience applies).
 *
 * <p>Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs when the matched
 * JAX-RS method's security check, or the {@link RequiresAudienceFilter}, first asks for the
 * identity, so the current request context already knows the method. Outside a matched JAX-RS
 * request (Vert.x routes, proactive authentication) there is none, and the strict default holds.
 */
public final class EndpointAudiences {

  private EndpointAudiences() {}

  /** The annotation's audiences for the request being served, if it names any. */
  public static Optional<List<String>> current() {
    ResteasyReactiveRequestContext request;
    try {
      request = CurrentRequestManager.get();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (request == null || request.getTarget() == null) {
      return Optional.empty();
    }
    ResteasyReactiveResourceInfo info = request.getResteasyReactiveResourceInfo();
    return info == null ? Optional.empty() : of(info.getResourceClass(), info.getMethod());
  }

  /** The audiences {@link RequiresAudience} names on the method, else on its class. */
  public static Optional<List<String>> of(Class<?> resource, Method method) {
    RequiresAudience annotation =
        method == null ? null : method.getAnnotation(RequiresAudience.class);
    if (annotation == null && resource != null) {
      annotation = resource.getAnnotation(RequiresAudience.class);
    }
    return annotation == null ? Optional.empty() : Optional.of(List.of(annotation.value()));
  }

  /** Whether the token's {@code aud} names at least one of the audiences. */
  public static boolean carriesOneOf(VerifiedToken token, List<String> audiences) {
    try {
      List<String> aud = token.claims().getAudience();
      return aud != null && aud.stream().anyMatch(audiences::contains);
    } catch (org.jose4j.jwt.MalformedClaimException e) {
      return false;
    }
  }
}
