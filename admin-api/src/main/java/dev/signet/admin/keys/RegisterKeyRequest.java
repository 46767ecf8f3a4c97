package dev.signet.admin.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/keys/register}. */
@Schema(
    name = "RegisterKey",
    example =
        """
        {"key_enrollment_token": "...", "public_key": {"kty": "OKP", "crv": "Ed25519", "x": "..."},
         "proof": "eyJhbGciOiJFZERTQSJ9...", "device": {"name": "ada-laptop", "platform": "macos",
         "fingerprint": "sha256:..."}}""")
public record RegisterKeyRequest(
    @JsonProperty("key_enrollment_token") @NotBlank @Size(max = 128) @Clean
        String keyEnrollmentToken,
    @JsonProperty("public_key") @NotNull @Size(max = 20) Map<String, Object> publicKey,
    @Schema(description = "Compact JWS over {\"nonce\": <the bootstrap nonce>}")
        @NotBlank
        @Size(max = ProofOfPossession.MAX_LENGTH)
        String proof,
    @NotNull @Valid DeviceInfo device) {

  /** The device the key lives on, as the person's CLI describes it. */
  public record DeviceInfo(
      @Schema(example = "ada-laptop") @NotBlank @Size(max = 100) @Clean String name,
      @Schema(example = "macos") @NotBlank @Size(max = 40) @Clean String platform,
      @Schema(example = "sha256:3f1c...") @Size(max = 200) @Clean String fingerprint) {}
}
