package dev.signet.common.auth;

import java.util.Set;
import java.util.regex.Pattern;

/** How scopes grant access: {@code signet:admin} stands for every admin scope of every service. */
public final class Scopes {

  /** The super-admin scope. */
  public static final String ADMIN = "signet:admin";

  /** Service-to-service calls; never implied by {@link #ADMIN}. */
  public static final String INTERNAL = "signet:internal";

  private static final Pattern ADMIN_SCOPE = Pattern.compile("signet:[a-z0-9_.-]+:(admin|read)");

  private Scopes() {}

  /** Whether a token holding these scopes may use an endpoint that requires {@code required}. */
  public static boolean grants(Set<String> held, String required) {
    if (held.contains(required)) {
      return true;
    }
    return held.contains(ADMIN)
        && !INTERNAL.equals(required)
        && ADMIN_SCOPE.matcher(required).matches();
  }
}
