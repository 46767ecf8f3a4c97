package dev.signet.admin.accounts;

import static dev.signet.admin.paging.QueryParams.present;

import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import java.util.Optional;
import java.util.Set;

/** List filters of {@code GET /v1/service-accounts}; every present filter must match. */
public record ServiceAccountFilter(
    Optional<String> status,
    Optional<String> team,
    Optional<String> scope,
    Optional<String> nameContains) {

  private static final Set<String> STATUSES = Set.of("active", "disabled");

  public static ServiceAccountFilter of(String status, String team, String scope, String name) {
    Optional<String> s = present(status);
    if (s.isPresent() && !STATUSES.contains(s.get())) {
      throw ProblemException.badRequest("status must be one of active, disabled.");
    }
    return new ServiceAccountFilter(
        s,
        present(CleanText.require("team", team, 200)),
        present(CleanText.require("scope", scope, 200)),
        present(CleanText.require("name", name, 200)));
  }
}
