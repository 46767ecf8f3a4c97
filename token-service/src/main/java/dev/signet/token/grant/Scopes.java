package dev.signet.token.grant;

import dev.signet.token.oauth.OAuthError;
import dev.signet.token.oauth.OAuthException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Space-delimited scope strings (RFC 6749 section 3.3) and down-selection. */
public final class Scopes {

  private Scopes() {}

  public static Set<String> parse(String value) {
    Set<String> scopes = new LinkedHashSet<>();
    if (value != null) {
      Arrays.stream(value.trim().split(" +")).filter(s -> !s.isEmpty()).forEach(scopes::add);
    }
    return scopes;
  }

  /** The requested subset of what is allowed, all of it when nothing is requested. */
  public static Set<String> select(Optional<String> requested, Collection<String> allowed) {
    if (requested.isEmpty()) {
      return new LinkedHashSet<>(allowed);
    }
    Set<String> wanted = parse(requested.get());
    for (String scope : wanted) {
      if (!allowed.contains(scope)) {
        throw OAuthException.of(
            OAuthError.INVALID_SCOPE, "Scope '" + scope + "' is not granted to this client.");
      }
    }
    return wanted;
  }
}
