package dev.signet.token.oauth;

/**
 * An OAuth endpoint refusing a request with a precise RFC 6749 error. Carries what the response
 * needs beyond the body: the Basic challenge for invalid_client, the delay for rate limiting.
 */
public class OAuthException extends RuntimeException {

  private final transient OAuthError error;
  private final boolean basicChallenge;
  private final long retryAfterSeconds;

  private OAuthException(
      OAuthError error, String description, boolean basicChallenge, long retryAfterSeconds) {
    super(description, null, false, false);
    this.error = error;
    this.basicChallenge = basicChallenge;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static OAuthException of(OAuthError error, String description) {
    return new OAuthException(error, description, false, 0);
  }

  public static OAuthException invalidRequest(String description) {
    return of(OAuthError.INVALID_REQUEST, description);
  }

  public static OAuthException invalidGrant(String description) {
    return of(OAuthError.INVALID_GRANT, description);
  }

  /** invalid_client; {@code basic} when the client tried HTTP Basic, which then gets challenged. */
  public static OAuthException invalidClient(String description, boolean basic) {
    return new OAuthException(OAuthError.INVALID_CLIENT, description, basic, 0);
  }

  /** 503: the answer cannot be given now (a server-side failure), retry after a few seconds. */
  public static OAuthException unavailable(String description) {
    return new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, description, false, 5);
  }

  public static OAuthException rateLimited(long retryAfterSeconds) {
    return new OAuthException(
        OAuthError.RATE_LIMITED, "Too many requests; retry later.", false, retryAfterSeconds);
  }

  public OAuthError error() {
    return error;
  }

  /**
   * The HTTP status: invalid_client is 401 only with the Basic challenge that must come with a 401
   * (RFC 6749 section 5.2); a client that did not use Basic gets 400.
   */
  public int status() {
    if (error == OAuthError.INVALID_CLIENT && !basicChallenge) {
      return 400;
    }
    return error.status();
  }

  public boolean basicChallenge() {
    return basicChallenge;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
