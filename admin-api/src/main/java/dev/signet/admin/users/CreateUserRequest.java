package dev.signet.admin.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/users}. The person starts {@code invited}: they become active when they
 * redeem an invite and verify their address; there is no self sign-up.
 */
@Schema(
    name = "CreateUser",
    example =
        """
        {"email": "ada@example.com", "display_name": "Ada Lovelace", "roles": ["developer"]}""")
public record CreateUserRequest(
    @Schema(example = "ada@example.com") @NotNull @Size(max = EmailAddress.MAX_LENGTH) String email,
    @Schema(example = "Ada Lovelace") @JsonProperty("display_name") @Size(max = 200) @Clean
        String displayName,
    @Schema(example = "[\"developer\"]") @Size(max = UserRoles.MAX_ROLES) List<String> roles) {}
