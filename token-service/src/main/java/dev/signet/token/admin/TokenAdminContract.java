package dev.signet.token.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * JSON shapes of {@code /internal/v1/tokens}, field for field what admin-api's TokenContract reads.
 */
public final class TokenAdminContract {

  private TokenAdminContract() {}

  /** A refresh token family: one grant and every rotation of its refresh token. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Family(
      @JsonProperty("family_id") UUID familyId,
      @JsonProperty("client_id") String clientId,
      String subject,
      String scope,
      String status,
      @JsonProperty("rotation_count") int rotationCount,
      @JsonProperty("issued_at") Instant issuedAt,
      @JsonProperty("last_rotated_at") Instant lastRotatedAt,
      @JsonProperty("expires_at") Instant expiresAt,
      @JsonProperty("revoked_at") Instant revokedAt,
      @JsonProperty("revoke_reason") String revokeReason) {}

  /** A page of families, newest first. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record FamilyPage(List<Family> items, @JsonProperty("next_cursor") String nextCursor) {}

  /** Why and by whom; the actor lands in the audit event. */
  public record RevokeRequest(
      @Size(max = 200) String reason, @NotBlank @Size(max = 200) String actor) {}

  /** Result of revoking one family. */
  public record FamilyRevocation(
      @JsonProperty("family_id") UUID familyId,
      @JsonProperty("revoked_tokens") int revokedTokens) {}

  /** Revoke everything of exactly one of client_id or subject. */
  public record BulkRevokeRequest(
      @JsonProperty("client_id") @Size(max = 200) String clientId,
      @Size(max = 200) String subject,
      @Size(max = 200) String reason,
      @NotBlank @Size(max = 200) String actor) {}

  /** Result of revoking everything of a client or subject. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record BulkRevocation(
      @JsonProperty("client_id") String clientId,
      String subject,
      @JsonProperty("revoked_families") int revokedFamilies,
      @JsonProperty("revoked_refresh_tokens") int revokedRefreshTokens,
      @JsonProperty("denylisted_jtis") int denylistedJtis,
      @JsonProperty("revoked_before") Instant revokedBefore) {}

  /** What token-service knows about a token id. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TokenInfo(
      String jti,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("client_id") String clientId,
      String subject,
      String scope,
      @JsonProperty("family_id") UUID familyId,
      String status,
      @JsonProperty("issued_at") Instant issuedAt,
      @JsonProperty("expires_at") Instant expiresAt,
      @JsonProperty("revoked_at") Instant revokedAt,
      @JsonProperty("revoke_reason") String revokeReason) {}
}
