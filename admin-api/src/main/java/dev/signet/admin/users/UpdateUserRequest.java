package dev.signet.admin.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /v1/users/{id}}: an absent field stays as it is; {@code null} clears the
 * display name; {@code roles} replaces the roles ({@code []} takes them all). A class, not a
 * record, for the reason {@code UpdateServiceAccountRequest} gives (an absent Optional must stay
 * null, not become "clear").
 */
@RegisterForReflection
@Schema(name = "UpdateUser", example = "{\"roles\": [\"developer\", \"oncall\"]}")
public class UpdateUserRequest {

  @Schema(implementation = String.class, nullable = true, example = "Ada King")
  @JsonProperty("display_name")
  private Optional<@Size(max = 200) @Clean String> displayName;

  @Schema(example = "[\"developer\"]")
  @JsonProperty("roles")
  @Size(max = UserRoles.MAX_ROLES)
  private List<String> roles;

  public Optional<String> displayName() {
    return displayName;
  }

  public List<String> roles() {
    return roles;
  }
}
