package dev.signet.token.authorize;

/**
 * The error codes the authorization endpoint sends back to the client's redirect URI (RFC 6749
 * section 4.1.2.1, OpenID Connect Core 3.1.2.6). They travel in a URL, never as a JSON body.
 */
public enum AuthorizeError {
  INVALID_REQUEST("invalid_request"),
  UNAUTHORIZED_CLIENT("unauthorized_client"),
  ACCESS_DENIED("access_denied"),
  UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type"),
  INVALID_SCOPE("invalid_scope"),
  TEMPORARILY_UNAVAILABLE("temporarily_unavailable"),
  LOGIN_REQUIRED("login_required"),
  CONSENT_REQUIRED("consent_required");

  private final String code;

  AuthorizeError(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
