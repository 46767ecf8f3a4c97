package dev.signet.token.grant;

import dev.signet.common.auth.SignetAudiences;
import dev.signet.token.client.ServiceAccount;
import java.util.Collection;

/**
 * The rules that couple Signet's own audiences ({@link SignetAudiences}, {@code
 * urn:signet:<service>}) to the reserved {@code signet:} scopes: an account holding any {@code
 * signet:} scope may ask for any Signet audience, and a {@code signet:} scope is only ever issued
 * in a token whose every audience is a Signet audience, so no token minted for a third party opens
 * a Signet API.
 */
public final class AudienceRules {

  public static final String SCOPE_PREFIX = "signet:";

  private AudienceRules() {}

  public static boolean allSignet(Collection<String> audiences) {
    return !audiences.isEmpty() && audiences.stream().allMatch(SignetAudiences::isSignet);
  }

  public static boolean isSignetScope(String scope) {
    return scope.startsWith(SCOPE_PREFIX);
  }

  public static boolean holdsSignetScope(Collection<String> scopes) {
    return scopes.stream().anyMatch(AudienceRules::isSignetScope);
  }

  /**
   * Whether the account may have a token for this audience now: one it lists, a Signet audience
   * while it holds a {@code signet:} scope, or the default audience while it lists none.
   */
  public static boolean allowed(ServiceAccount account, String audience, String defaultAudience) {
    return account.allowedAudiences().contains(audience)
        || (SignetAudiences.isSignet(audience) && holdsSignetScope(account.scopes()))
        || (account.allowedAudiences().isEmpty() && audience.equals(defaultAudience));
  }
}
