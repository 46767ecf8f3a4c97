package dev.signet.common.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * JSON shapes of token-service's {@code /internal/v1/tokens} API, one definition for both sides:
 * token-service's resource writes them and admin-api's rest client reads them (and passes them
 * through to admins unchanged, so they are also admin-api's public schema for token
 * administration). Null fields are written, not left out, so a reader tells "none" from "unknown".
 * The validation constraints are checked where a request is received, in token-service.
 */
public final class TokenAdminContract {

  private TokenAdminContract() {}

  /** A refresh token family: one login or grant and every rotation of its refresh token. */
  @Schema(name = "TokenFamily")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Family(
      @Schema(example = "0b7e6a52-4c1d-4f0e-8d2a-9b3c5e7f1a20") @JsonProperty("family_id")
          UUID familyId,
      @Schema(example = "cli") @JsonProperty("client_id") String clientId,
      @Schema(example = "user:alice") String subject,
      @Schema(example = "openid offline_access deploy:read") String scope,
      @Schema(
              example = "active",
              enumeration = {"active", "revoked", "expired"})
          String status,
      @Schema(example = "3") @JsonProperty("rotation_count") int rotationCount,
      @Schema(example = "2026-11-24T08:00:00Z") @JsonProperty("issued_at") Instant issuedAt,
      @Schema(example = "2026-11-24T20:00:00Z") @JsonProperty("last_rotated_at")
          Instant lastRotatedAt,
      @Schema(example = "2026-12-01T20:00:00Z") @JsonProperty("expires_at") Instant expiresAt,
      @JsonProperty("revoked_at") Instant revokedAt,
      @Schema(example = "refresh_token_reuse") @JsonProperty("revoke_reason")
          String revokeReason) {}

  /** A page of families, newest first. */
  @Schema(name = "TokenFamilyPage")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record FamilyPage(
      List<Family> items,
      @Schema(description = "Pass as cursor for the next page; null on the last page.")
          @JsonProperty("next_cursor")
          String nextCursor) {}

  /** Why and by whom; the actor lands in token-service's audit event. */
  @Schema(name = "InternalRevokeRequest")
  public record RevokeRequest(
      @Schema(example = "laptop stolen") @Size(max = 200) String reason,
      @Schema(example = "alice") @NotBlank @Size(max = 200) String actor) {}

  /** Result of revoking one family. */
  @Schema(name = "FamilyRevocation")
  public record FamilyRevocation(
      @JsonProperty("family_id") UUID familyId,
      @Schema(example = "1", description = "Refresh tokens that were still active")
          @JsonProperty("revoked_tokens")
          int revokedTokens) {}

  /** Revoke everything of exactly one of client_id or subject. */
  @Schema(name = "InternalBulkRevokeRequest")
  public record BulkRevokeRequest(
      @Schema(example = "ci-deployer") @JsonProperty("client_id") @Size(max = 200) String clientId,
      @Schema(example = "user:alice") @Size(max = 200) String subject,
      @Schema(example = "offboarding") @Size(max = 200) String reason,
      @Schema(example = "alice") @NotBlank @Size(max = 200) String actor) {}

  /** Result of revoking everything of a client or subject. */
  @Schema(name = "BulkRevocation")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record BulkRevocation(
      @Schema(example = "ci-deployer") @JsonProperty("client_id") String clientId,
      @Schema(example = "user:alice") String subject,
      @Schema(example = "4") @JsonProperty("revoked_families") int revokedFamilies,
      @Schema(example = "4") @JsonProperty("revoked_refresh_tokens") int revokedRefreshTokens,
      @Schema(example = "12", description = "Access token ids put on the denylist")
          @JsonProperty("denylisted_jtis")
          int denylistedJtis,
      @Schema(
              example = "2026-11-24T21:30:00Z",
              description = "Access tokens of the client/subject issued before this are refused")
          @JsonProperty("revoked_before")
          Instant revokedBefore) {}

  /** What token-service knows about a token id. */
  @Schema(name = "TokenInfo")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TokenInfo(
      @Schema(example = "9f4c2b1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b") String jti,
      @Schema(
              example = "access_token",
              enumeration = {"access_token", "refresh_token"})
          @JsonProperty("token_type")
          String tokenType,
      @Schema(example = "cli") @JsonProperty("client_id") String clientId,
      @Schema(example = "user:alice") String subject,
      @Schema(example = "deploy:read") String scope,
      @JsonProperty("family_id") UUID familyId,
      @Schema(
              example = "revoked",
              enumeration = {"active", "rotated", "revoked", "expired"})
          String status,
      @JsonProperty("issued_at") Instant issuedAt,
      @JsonProperty("expires_at") Instant expiresAt,
      @JsonProperty("revoked_at") Instant revokedAt,
      @JsonProperty("revoke_reason") String revokeReason) {}
}
