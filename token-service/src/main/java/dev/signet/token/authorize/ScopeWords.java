package dev.signet.token.authorize;

import dev.signet.common.auth.Scopes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Scopes in words for the consent and device pages: a person approves what they can read, with the
 * scope's name beside it for those who know it.
 */
@ApplicationScoped
public class ScopeWords {

  /** One scope as a page shows it. */
  public record Described(String scope, String words) {}

  private static final Map<String, String> BUILT_IN =
      Map.of(
          AuthorizationCodeGrant.OPENID,
          "Know who you are (your Signet account id)",
          Scopes.ADMIN,
          "Administer Signet: signing keys, policies, people and service accounts");

  private final Map<String, String> configured;

  ScopeWords(AuthorizeConfig config) {
    this.configured = config.scopeDescriptions();
  }

  public String of(String scope) {
    String words = configured.get(scope);
    if (words == null) {
      words = BUILT_IN.get(scope);
    }
    return words == null ? "Use the \u201c" + scope + "\u201d permission" : words;
  }

  public List<Described> describe(Collection<String> scopes) {
    return scopes.stream().map(s -> new Described(s, of(s))).toList();
  }
}
