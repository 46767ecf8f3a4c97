package dev.signet.admin.tokens;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/tokens/revocations}: exactly one of client_id or subject. */
@Schema(name = "RevokeAll", example = "{\"client_id\": \"ci-deployer\", \"reason\": \"leaked\"}")
public record RevokeAllRequest(
    @Schema(example = "ci-deployer") @JsonProperty("client_id") @Size(min = 1, max = 200) @Clean
        String clientId,
    @Schema(example = "user:alice") @Size(min = 1, max = 500) @Clean String subject,
    @Schema(example = "leaked secret") @Size(max = 500) @Clean String reason) {

  @AssertTrue(message = "give exactly one of client_id or subject")
  @Schema(hidden = true)
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isExactlyOneTarget() {
    return (clientId == null) != (subject == null);
  }
}
