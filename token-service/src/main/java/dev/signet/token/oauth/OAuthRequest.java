package dev.signet.token.oauth;

import dev.signet.token.grant.Scopes;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A form POST to an OAuth endpoint with what the handlers need from the transport: the
 * Authorization header, the client address and user agent.
 */
public record OAuthRequest(
    MultivaluedMap<String, String> form, String authorization, String ip, String userAgent) {

  /** A parameter given at most once (RFC 6749 section 3.2); blank counts as absent. */
  public Optional<String> param(String name) {
    List<String> values = form == null ? null : form.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw OAuthException.invalidRequest("Parameter '" + name + "' is repeated.");
    }
    String value = values.get(0);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  public String required(String name) {
    return param(name)
        .orElseThrow(() -> OAuthException.invalidRequest("Parameter '" + name + "' is missing."));
  }

  /** Every value of a parameter that may repeat (RFC 8707 {@code resource}). */
  public List<String> all(String name) {
    List<String> values = form == null ? null : form.get(name);
    return values == null
        ? List.of()
        : values.stream().filter(v -> v != null && !v.isBlank()).toList();
  }

  /**
   * The audiences asked for: every RFC 8707 {@code resource} and each space-separated value of the
   * common {@code audience} parameter, in order, once each; empty when none was asked for.
   */
  public Set<String> requestedAudiences() {
    Set<String> requested = new LinkedHashSet<>(all("resource"));
    for (String value : all("audience")) {
      requested.addAll(Scopes.parse(value));
    }
    return requested;
  }
}
