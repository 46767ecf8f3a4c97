package dev.signet.common.auth;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
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

  private record Endpoint(Class<?> resource, Method method) {}

  private static final Map<Endpoint, Optional<List<String>>> RESOLVED = new ConcurrentHashMap<>();

  /**
   * The audiences {@link RequiresAudience} names on the method, else on its class, with {@code
   * ${property}} values read from the configuration once per endpoint.
   */
  public static Optional<List<String>> of(Class<?> resource, Method method) {
    if (resource == null && method == null) {
      return Optional.empty();
    }
    return RESOLVED.computeIfAbsent(
        new Endpoint(resource, method), e -> resolve(e.resource(), e.method()));
  }

  private static Optional<List<String>> resolve(Class<?> resource, Method method) {
    RequiresAudience annotation =
        method == null ? null : method.getAnnotation(RequiresAudience.class);
    if (annotation == null && resource != null) {
      annotation = resource.getAnnotation(RequiresAudience.class);
    }
    if (annotation == null) {
      return Optional.empty();
    }
    List<String> audiences = new ArrayList<>();
    for (String value : annotation.value()) {
      audiences.add(expand(value));
    }
    return Optional.of(List.copyOf(audiences));
  }

  /** {@code ${name}} or {@code ${name:default}} from the configuration; any other value as is. */
  static String expand(String value) {
    if (!value.startsWith("${") || !value.endsWith("}")) {
      return value;
    }
    String inner = value.substring(2, value.length() - 1);
    int colon = inner.indexOf(':');
    String name = colon < 0 ? inner : inner.substring(0, colon);
    Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(name, String.class);
    if (configured.isPresent()) {
      return configured.get();
    }
    if (colon >= 0) {
      return inner.substring(colon + 1);
    }
    throw new IllegalStateException(
        "@RequiresAudience names " + value + " but " + name + " is not configured");
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
