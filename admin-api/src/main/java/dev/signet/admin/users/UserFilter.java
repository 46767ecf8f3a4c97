package dev.signet.admin.users;

import static dev.signet.admin.paging.QueryParams.present;

import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import java.util.Optional;
import java.util.Set;

/**
 * List filters of {@code GET /v1/users}; every present filter must match. Deleted people are listed
 * only when asked for by {@code status=deleted}.
 */
public record UserFilter(
    Optional<String> status, Optional<String> role, Optional<String> emailContains) {

  private static final Set<String> STATUSES = Set.of("invited", "active", "disabled", "deleted");

  public static UserFilter of(String status, String role, String email) {
    Optional<String> s = present(CleanText.require("status", status, 20));
    if (s.isPresent() && !STATUSES.contains(s.get())) {
      throw ProblemException.badRequest(
          "status must be one of invited, active, disabled, deleted.");
    }
    return new UserFilter(
        s,
        present(CleanText.require("role", role, 63)),
        present(CleanText.require("email", email, EmailAddress.MAX_LENGTH)));
  }
}
