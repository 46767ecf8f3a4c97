package dev.signet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;

/**
 * A token response (RFC 6749 section 5.1; RFC 8693 section 2.2.1 adds {@code issued_token_type}).
 * {@link #toString()} never shows a token.
 *
 * @param refreshToken null when none was issued
 * @param scope null when the server did not say
 */
public record Tokens(
    String accessToken,
    String tokenType,
    Instant expiresAt,
    String refreshToken,
    String scope,
    String issuedTokenType) {

  static Tokens from(JsonNode body, Clock clock) {
    String access = SignetHttp.text(body, "access_token");
    if (access == null) {
      throw new TransportException("the token response has no access_token", 200, null);
    }
    long expiresIn = body.path("expires_in").asLong(0);
    return new Tokens(
        access,
        SignetHttp.text(body, "token_type"),
        expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null,
        SignetHttp.text(body, "refresh_token"),
        SignetHttp.text(body, "scope"),
        SignetHttp.text(body, "issued_token_type"));
  }

  /** These tokens with the refresh token kept when a refresh answer carried none. */
  Tokens keepingRefresh(String previous) {
    return refreshToken != null
        ? this
        : new Tokens(accessToken, tokenType, expiresAt, previous, scope, issuedTokenType);
  }

  @Override
  public String toString() {
    return "Tokens[type="
        + tokenType
        + ", expiresAt="
        + expiresAt
        + ", scope="
        + scope
        + ", refresh="
        + (refreshToken != null)
        + "]";
  }
}
