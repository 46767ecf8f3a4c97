package dev.signet.admin.invites;

import static dev.signet.admin.paging.QueryParams.present;

import dev.signet.admin.users.EmailAddress;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import java.util.Optional;
import java.util.Set;

/** List filters of {@code GET /v1/invites}. */
public record InviteFilter(Optional<String> state, Optional<String> emailContains) {

  private static final Set<String> STATES = Set.of("pending", "redeemed", "expired", "revoked");

  public static InviteFilter of(String status, String email) {
    Optional<String> s = present(CleanText.require("status", status, 20));
    if (s.isPresent() && !STATES.contains(s.get())) {
      throw ProblemException.badRequest(
          "status must be one of pending, redeemed, expired, revoked.");
    }
    return new InviteFilter(s, present(CleanText.require("email", email, EmailAddress.MAX_LENGTH)));
  }
}
