package dev.signet.token.user;

import dev.signet.common.auth.Scopes;
import dev.signet.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a person's roles let their tokens carry. Configured per role ({@code
 * signet.token.users.role-scopes."<role>"}); a role not configured gives the scope of its own name,
 * except {@code admin}, which gives {@code signet:admin} (admin-api lets only a signet:admin caller
 * grant that role). No role gives no scope: the token still names the person.
 */
@ApplicationScoped
public class UserScopes {

  static final String ADMIN_ROLE = "admin";

  private final Map<String, List<String>> configured;

  UserScopes(TokenConfig config) {
    this.configured = config.users().roleScopes();
  }

  public Set<String> of(List<String> roles) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String role : roles) {
      List<String> mapped = configured.get(role);
      if (mapped != null) {
        mapped.stream().filter(s -> !s.isBlank()).forEach(scopes::add);
      } else if (ADMIN_ROLE.equals(role)) {
        scopes.add(Scopes.ADMIN);
      } else {
        scopes.add(role);
      }
    }
    // signet:internal is for Signet's own services and comes from their configuration only.
    scopes.remove(Scopes.INTERNAL);
    return scopes;
  }
}
