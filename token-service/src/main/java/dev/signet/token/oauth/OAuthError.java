package dev.signet.token.oauth;

/** RFC 6749 section 5.2 error codes (and the few later RFCs add) with the status each answers. */
public enum OAuthError {
  INVALID_REQUEST("invalid_request", 400),
  /** 401 with a Basic challenge when the client used Basic, 400 otherwise (see OAuthException). */
  INVALID_CLIENT("invalid_client", 401),
  INVALID_GRANT("invalid_grant", 400),
  UNAUTHORIZED_CLIENT("unauthorized_client", 400),
  UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
  INVALID_SCOPE("invalid_scope", 400),
  /** RFC 8707: a resource or audience the client may not ask for. */
  INVALID_TARGET("invalid_target", 400),
  /** RFC 7009: revocation of a token type the server does not revoke. */
  UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
  /** RFC 8628 section 3.5: the person has not decided yet; poll again after the interval. */
  AUTHORIZATION_PENDING("authorization_pending", 400),
  /** RFC 8628 section 3.5: polled too fast; this device code's interval went up by 5 s. */
  SLOW_DOWN("slow_down", 400),
  /** RFC 8628 section 3.5: the person denied the request. */
  ACCESS_DENIED("access_denied", 400),
  /** RFC 8628 section 3.5: the device code expired; start again. */
  EXPIRED_TOKEN("expired_token", 400),
  /** Rate limited; answered with Retry-After. */
  RATE_LIMITED("temporarily_unavailable", 429),
  /** The check could not be made (database, key set): answered with Retry-After, never cached. */
  TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

  private final String code;
  private final int status;

  OAuthError(String code, int status) {
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }
}
