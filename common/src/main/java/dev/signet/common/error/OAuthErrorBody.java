package dev.signet.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 section 5.2 error body, used on every {@code /oauth2/*} endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorBody(
    String error, @JsonProperty("error_description") String errorDescription) {}
