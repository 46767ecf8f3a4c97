package dev.signet.delegation;

/** The scopes that open delegation-service's own APIs. */
public final class DelegationScopes {

  /** Writes scopes, policies, agents, grants and tools. */
  public static final String ADMIN = "signet:delegation:admin";

  /** Reads them. */
  public static final String READ = "signet:delegation:read";

  private DelegationScopes() {}
}
