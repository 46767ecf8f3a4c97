package dev.signet.admin.users;

import dev.signet.common.auth.Scopes;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import java.util.List;
import java.util.Set;

/**
 * Who may give which role, and manage which person. The {@code admin} role opens the admin console
 * and its APIs, so only a {@code signet:admin} caller grants or takes it, and only such a caller
 * changes, disables or deletes a person who holds it: a caller with {@code signet:users:admin}
 * alone could otherwise make itself (or an accomplice) an admin, the escalation the service account
 * ceiling closes for scopes.
 *
 * @param caller the acting subject, for the audit trail
 * @param held the scopes of the caller's token
 */
public record RoleCeiling(String caller, Set<String> held) {

  /** The ceiling of the authenticated caller. */
  public static RoleCeiling of(io.quarkus.security.identity.SecurityIdentity identity) {
    return new RoleCeiling(identity.getPrincipal().getName(), identity.getRoles());
  }

  /** The role that makes a person an administrator. */
  static final String ADMIN_ROLE = "admin";

  private boolean admin() {
    return held.contains(Scopes.ADMIN);
  }

  public void requireGrantable(List<String> roles) {
    if (roles == null || admin()) {
      return;
    }
    for (int i = 0; i < roles.size(); i++) {
      if (ADMIN_ROLE.equals(roles.get(i))) {
        throw forbidden(
            "Only a signet:admin caller may grant the admin role.",
            "roles[" + i + "]",
            "needs signet:admin");
      }
    }
  }

  public void requireManageable(User user) {
    if (!admin() && user.holds(ADMIN_ROLE)) {
      throw forbidden(
          "User " + user.id + " holds the admin role; only a signet:admin caller may change them.",
          "id",
          "holds the admin role");
    }
  }

  private static ProblemException forbidden(String detail, String field, String message) {
    return new ProblemException(
        Problem.of(403, "forbidden", "Forbidden", detail)
            .withErrors(List.of(new Problem.FieldError(field, message))));
  }
}
