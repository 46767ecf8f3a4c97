package dev.signet.common.delegation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of revoked delegation grants, oldest revocation first ({@code GET
 * /internal/v1/delegations/revoked}): what token-service reconciles from after it may have missed
 * revocation notifications. A page shorter than the asked limit is the last.
 */
public record RevokedGrants(List<Revoked> revoked) {

  /** One revoked grant and when it was revoked (the next page starts after it). */
  public record Revoked(
      @JsonProperty("grant_id") UUID grantId, @JsonProperty("revoked_at") Instant revokedAt) {}
}
