package dev.signet.token.authorize;

import dev.signet.token.client.CodeClients.CodeClient;
import java.util.Set;

/**
 * A validated {@code GET /oauth2/authorize}: the client and its redirect URI checked first, then
 * everything else. {@code scopes} is what the client asked for (empty: nothing named, the person's
 * role scopes are meant); {@code prompt} is {@code none}, {@code consent} or null.
 */
public record AuthorizeRequest(
    CodeClient client,
    String redirectUri,
    String state,
    Set<String> scopes,
    boolean scopeNamed,
    String codeChallenge,
    String nonce,
    String prompt) {

  public static final String PROMPT_NONE = "none";
  public static final String PROMPT_CONSENT = "consent";

  boolean promptNone() {
    return PROMPT_NONE.equals(prompt);
  }

  boolean promptConsent() {
    return PROMPT_CONSENT.equals(prompt);
  }
}
