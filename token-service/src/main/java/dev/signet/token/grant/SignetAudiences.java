package dev.signet.token.grant;

import dev.signet.token.client.ServiceAccount;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audiences of Signet's own services ({@code urn:signet:<service>}) and the rules that couple
 * them to the reserved {@code signet:} scopes: an account holding any {@code signet:} scope may ask
 * for any Signet audience, and a {@code signet:} scope is only ever issued in a token whose every
 * audience is a Signet audience, so no token minted for a third party opens a Signet API.
 */
public final class SignetAudiences {

  public static final String SCOPE_PREFIX = "signet:";

  /** Service name to audience, in the order discovery lists them. */
  public static final Map<String, String> BY_SERVICE = byService();

  public static final List<String> ALL = List.copyOf(BY_SERVICE.values());

  private SignetAudiences() {}

  private static Map<String, String> byService() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String service : List.of("token", "keyring", "delegation", "cert", "admin")) {
      m.put(service, "urn:signet:" + service);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  public static boolean isSignet(String audience) {
    return BY_SERVICE.containsValue(audience);
  }

  public static boolean allSignet(Collection<String> audiences) {
    return !audiences.isEmpty() && audiences.stream().allMatch(SignetAudiences::isSignet);
  }

  public static boolean isSignetScope(String scope) {
    return scope.startsWith(SCOPE_PREFIX);
  }

  public static boolean holdsSignetScope(Collection<String> scopes) {
    return scopes.stream().anyMatch(SignetAudiences::isSignetScope);
  }

  /**
   * Whether the account may have a token for this audience now: one it lists, a Signet audience
   * while it holds a {@code signet:} scope, or the default audience while it lists none.
   */
  public static boolean allowed(ServiceAccount account, String audience, String defaultAudience) {
    return account.allowedAudiences().contains(audience)
        || (isSignet(audience) && holdsSignetScope(account.scopes()))
        || (account.allowedAudiences().isEmpty() && audience.equals(defaultAudience));
  }
}
