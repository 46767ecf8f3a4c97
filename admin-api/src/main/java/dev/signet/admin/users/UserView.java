package dev.signet.admin.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A person as admins see them. */
@Schema(name = "User")
public record UserView(
    @Schema(example = "6b1f0c2e-8a43-4f7e-9d0a-2c5b7e1f4a90") UUID id,
    @Schema(example = "ada@example.com") String email,
    @Schema(example = "Ada Lovelace") @JsonProperty("display_name") String displayName,
    @Schema(
            example = "active",
            enumeration = {"invited", "active", "disabled", "deleted"})
        String status,
    @Schema(example = "[\"developer\"]") List<String> roles,
    @Schema(example = "2026-11-02T10:00:00Z") @JsonProperty("email_verified_at")
        Instant emailVerifiedAt,
    @Schema(
            example = "3",
            description =
                "Goes up on disable, delete, role change or revoke-tokens; tokens"
                    + " issued under an older value no longer work.")
        @JsonProperty("user_ver")
        long userVer,
    @Schema(example = "2026-11-24T21:00:00Z") @JsonProperty("last_login_at") Instant lastLoginAt,
    @Schema(example = "2026-11-01T09:30:00Z") @JsonProperty("created_at") Instant createdAt,
    @Schema(example = "2026-11-20T14:00:00Z") @JsonProperty("updated_at") Instant updatedAt,
    @Schema(example = "carol") @JsonProperty("created_by") String createdBy,
    @JsonProperty("deleted_at") Instant deletedAt) {

  static UserView of(User u) {
    return new UserView(
        u.id,
        u.email,
        u.displayName,
        u.status,
        List.of(u.roles),
        u.emailVerifiedAt,
        u.userVer,
        u.lastLoginAt,
        u.createdAt,
        u.updatedAt,
        u.createdBy,
        u.deletedAt);
  }
}
