package dev.signet.common.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer JWT taken from the Authorization header, waiting to be verified. */
public final class BearerTokenRequest extends BaseAuthenticationRequest {

  private final String token;

  public BearerTokenRequest(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }

  @Override
  public String toString() {
    return "BearerTokenRequest[redacted]";
  }
}
