package dev.signet.common.delegation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a {@link DelegationCheckRequest}. When allowed, the new token must carry no more
 * than {@code scopes} and {@code audiences} and must expire no later than {@code maxExpiresAt};
 * when denied, those are empty and {@code reason} says why (depth, cycle, escalation, expired or
 * revoked grant).
 *
 * @param allowed whether the hop may happen
 * @param grantId the grant the hop is bound to (its {@code grant_id} claim)
 * @param scopes the narrowed scopes the token may carry
 * @param audiences the narrowed audiences the token may carry
 * @param maxExpiresAt the latest expiry the token may carry
 * @param depth the hop the new token is (1 for the first actor), 0 when denied
 * @param maxDepth the grant's maximum depth, 0 when denied
 * @param reason a human-readable reason
 */
public record DelegationCheckResponse(
    boolean allowed,
    @JsonProperty("grant_id") UUID grantId,
    List<String> scopes,
    List<String> audiences,
    @JsonProperty("max_expires_at") Instant maxExpiresAt,
    int depth,
    @JsonProperty("max_depth") int maxDepth,
    String reason) {

  /** A refusal: nothing may be issued, {@code reason} says why. */
  public static DelegationCheckResponse denied(UUID grantId, String reason) {
    return new DelegationCheckResponse(false, grantId, List.of(), List.of(), null, 0, 0, reason);
  }
}
