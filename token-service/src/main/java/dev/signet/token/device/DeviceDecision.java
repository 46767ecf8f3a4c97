package dev.signet.token.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/device/approve}: the person's answer to one user code. */
public record DeviceDecision(
    @JsonProperty("user_code") @NotNull @Clean @Size(max = 32) String userCode,
    @JsonProperty("decision") @NotNull @Pattern(regexp = "approve|deny") String decision) {

  boolean approve() {
    return "approve".equals(decision);
  }
}
