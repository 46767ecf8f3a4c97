package dev.signet.admin.invites;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.admin.users.EmailAddress;
import dev.signet.admin.users.UserRoles;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/invites}. */
@Schema(
    name = "CreateInvite",
    example =
        """
        {"email": "ada@example.com", "display_name": "Ada Lovelace", "roles": ["developer"]}""")
public record CreateInviteRequest(
    @NotNull @Size(max = EmailAddress.MAX_LENGTH) String email,
    @JsonProperty("display_name") @Size(max = 200) @Clean String displayName,
    @Size(max = UserRoles.MAX_ROLES) List<String> roles) {}
