package dev.signet.token.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** RFC 6749 section 5.1 successful token response. */
// Returned inside a Response, which Quarkus cannot see through at build time (native image).
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn,
    @JsonProperty("scope") String scope,
    @JsonProperty("refresh_token") String refreshToken,
    // RFC 8693 section 2.2.1: only token exchange answers name the type it issued.
    @JsonProperty("issued_token_type") String issuedTokenType,
    // OpenID Connect Core section 3.1.3.3: the code grant answers an ID token for scope openid.
    @JsonProperty("id_token") String idToken) {

  public TokenResponse(
      String accessToken,
      String tokenType,
      long expiresIn,
      String scope,
      String refreshToken,
      String issuedTokenType) {
    this(accessToken, tokenType, expiresIn, scope, refreshToken, issuedTokenType, null);
  }

  /** This answer with an ID token added. */
  public TokenResponse withIdToken(String jwt) {
    return new TokenResponse(
        accessToken, tokenType, expiresIn, scope, refreshToken, issuedTokenType, jwt);
  }

  public TokenResponse(
      String accessToken, String tokenType, long expiresIn, String scope, String refreshToken) {
    this(accessToken, tokenType, expiresIn, scope, refreshToken, null);
  }

  /** RFC 8693 section 2.2.1: every token exchange answers an access token and no refresh token. */
  public static TokenResponse exchanged(AccessTokenIssuer.IssuedAccessToken token, String scope) {
    return new TokenResponse(
        token.jwt(),
        "Bearer",
        token.expiresIn(),
        scope,
        null,
        "urn:ietf:params:oauth:token-type:access_token");
  }
}
