package dev.signet.admin.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.error.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Optional body of {@code POST /v1/service-accounts/{client_id}/rotate-secret}. Read by hand, as
 * most callers send no body (and no content type) at all.
 */
@Schema(name = "RotateSecret", example = "{\"compromised\": true}")
public record RotateSecretRequest(
    @Schema(
            description =
                "The old secret leaked: drop it at once (overlap 0) and revoke every token the"
                    + " client was issued before.",
            example = "true")
        boolean compromised) {

  static final RotateSecretRequest NONE = new RotateSecretRequest(false);

  /** The request in the body; an empty body asks for a plain rotation. */
  static RotateSecretRequest parse(ObjectMapper json, String body) {
    if (body == null || body.isBlank()) {
      return NONE;
    }
    try {
      RotateSecretRequest r = json.readValue(body, RotateSecretRequest.class);
      return r == null ? NONE : r;
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest(
          "The body must be a JSON object such as {\"compromised\": true}.");
    }
  }
}
