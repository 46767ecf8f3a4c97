package dev.signet.delegation.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /v1/tools} and {@code PUT /v1/tools/{id}}.
 *
 * @param name unique, 1-128 characters
 * @param parameters the JSON Schema (2020-12) a call's parameters must satisfy
 * @param requiredScopes every scope a call needs (the caller's token scopes are expanded first)
 * @param active false takes the tool out of service: every check is refused
 */
public record ToolWrite(
    @NotNull @Size(min = 1, max = 128) @Clean String name,
    @Size(max = 64) @Clean String category,
    @Size(max = 1000) @Clean(singleLine = false) String description,
    @NotNull JsonNode parameters,
    @JsonProperty("required_scopes") @Size(max = 50) List<@NotNull String> requiredScopes,
    Boolean active) {

  List<String> scopesOrEmpty() {
    return requiredScopes == null ? List.of() : requiredScopes;
  }

  boolean activeOrTrue() {
    return active == null || active;
  }
}
