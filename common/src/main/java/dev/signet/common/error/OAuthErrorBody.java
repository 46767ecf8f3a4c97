package dev.signet.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * RFC 6749 section 5.2 error body, used on every {@code /oauth2/*} endpoint. Registered for
 * reflection: it is only ever a {@code Response} entity or Vert.x {@code Json.encode} input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record OAuthErrorBody(
    String error, @JsonProperty("error_description") String errorDescription) {}
