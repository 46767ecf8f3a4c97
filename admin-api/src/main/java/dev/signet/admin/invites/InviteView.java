package dev.signet.admin.invites;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An invite as admins see it: never its token or hash. */
@Schema(name = "Invite")
public record InviteView(
    UUID id,
    @JsonProperty("user_id") UUID userId,
    @Schema(example = "ada@example.com") String email,
    @Schema(example = "[\"developer\"]") List<String> roles,
    @Schema(enumeration = {"pending", "redeemed", "expired", "revoked"}) String status,
    @Schema(example = "carol") @JsonProperty("invited_by") String invitedBy,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("redeemed_at") Instant redeemedAt,
    @JsonProperty("revoked_at") Instant revokedAt,
    @JsonProperty("revoked_by") String revokedBy,
    @JsonProperty("revoke_reason") String revokeReason) {

  static InviteView of(Invite i, Instant now) {
    return new InviteView(
        i.id,
        i.userId,
        i.email,
        List.of(i.roles),
        i.state(now),
        i.invitedBy,
        i.createdAt,
        i.expiresAt,
        i.redeemedAt,
        i.revokedAt,
        i.revokedBy,
        i.revokeReason);
  }
}
