package dev.signet.delegation.scopes;

import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /v1/scopes/{name}}; also one entry of the seed file (with {@code name}).
 *
 * @param description free text, up to 1,000 characters
 * @param sensitive whether tokens carrying the scope need extra care (consent, short lifetimes)
 * @param implies the scopes this one directly implies; each must exist
 */
public record ScopeWrite(
    @Size(max = 1000) @Clean(singleLine = false) String description,
    Boolean sensitive,
    @Size(max = ScopeNames.IMPLIES_MAX) List<@NotNull String> implies) {

  List<String> impliesOrEmpty() {
    return implies == null ? List.of() : implies;
  }

  boolean sensitiveOrFalse() {
    return Boolean.TRUE.equals(sensitive);
  }
}
