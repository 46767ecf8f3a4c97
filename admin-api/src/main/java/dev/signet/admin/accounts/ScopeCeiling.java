package dev.signet.admin.accounts;

import dev.signet.common.auth.Scopes;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which scopes a caller may grant, after Vault's subset rule: no caller grants a scope it does not
 * hold. The {@code signet:} scopes are reserved: only a {@code signet:admin} caller grants them,
 * and {@code signet:internal} comes from configuration only. A {@code signet:admin} caller may
 * grant any other scope, so it can create ordinary accounts (deploy:write, ...); a caller with only
 * {@code signet:accounts:admin} grants only the non-signet scopes its own token holds. The same
 * ceiling guards changes to an existing account: a caller may change, disable, delete or rotate
 * only an account whose every scope it could grant (else rotating a signet:admin account's secret
 * would hand over signet:admin), and never a configured one.
 *
 * @param held the scopes of the caller's token, as they are (signet:admin implies nothing here)
 */
public record ScopeCeiling(String caller, Set<String> held) {

  private static final String RESERVED_PREFIX = "signet:";

  /** Why the caller may not grant the scope, or null when it may. */
  String refusal(String scope) {
    if (Scopes.INTERNAL.equals(scope)) {
      return "signet:internal is never granted through the API; each service's internal account"
          + " comes from configuration (signet.admin.internal-accounts)";
    }
    boolean admin = held.contains(Scopes.ADMIN);
    if (scope.startsWith(RESERVED_PREFIX) && !admin) {
      return "only a signet:admin caller may grant the reserved scope " + scope;
    }
    if (!admin && !held.contains(scope)) {
      return "you may grant only scopes your own token holds, and it does not hold " + scope;
    }
    return null;
  }

  /** 403 naming the first scope of the request the caller may not grant. */
  void requireGrantable(List<String> requested) {
    if (requested == null) {
      return;
    }
    for (int i = 0; i < requested.size(); i++) {
      String scope = requested.get(i) == null ? "" : requested.get(i).trim();
      String why = refusal(scope);
      if (why != null) {
        throw forbidden(
            "You may not grant scope " + scope + ": " + why + ".", "scopes[" + i + "]", why);
      }
    }
  }

  /** 403 when the account is configured or holds a scope the caller could not grant. */
  void requireManageable(ServiceAccount account) {
    if (account.isConfigured()) {
      throw forbidden(
          "Service account "
              + account.clientId
              + " is managed by configuration ("
              + account.configuredBy
              + ") and is read-only through the API; change it there.",
          "client_id",
          "is managed by configuration");
    }
    requireHeldAll(account.clientId, List.of(account.scopes));
  }

  private void requireHeldAll(String clientId, Collection<String> scopes) {
    for (String scope : scopes) {
      String why = refusal(scope);
      if (why != null) {
        throw forbidden(
            "Service account "
                + clientId
                + " holds scope "
                + scope
                + ", which you may not grant ("
                + why
                + "); only a caller that could grant all its scopes may change it.",
            "scopes",
            "holds " + scope);
      }
    }
  }

  private static ProblemException forbidden(String detail, String field, String message) {
    return new ProblemException(
        Problem.of(403, "forbidden", "Forbidden", detail)
            .withErrors(List.of(new Problem.FieldError(field, message))));
  }
}
