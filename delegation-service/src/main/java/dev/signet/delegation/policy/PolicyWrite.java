package dev.signet.delegation.policy;

import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /v1/policies} and {@code PUT /v1/policies/{id}}.
 *
 * @param name unique, 1-128 characters
 * @param effect {@code allow} or {@code deny}
 * @param subjects subject globs; empty or absent matches every subject
 * @param actions action globs; empty or absent matches every action
 * @param resources resource globs; empty or absent matches every resource
 * @param condition an optional CEL boolean expression over {@code subject}, {@code action}, {@code
 *     resource}, {@code context} and {@code now}
 */
public record PolicyWrite(
    @NotNull @Size(min = 1, max = 128) @Clean String name,
    @Size(max = 1000) @Clean(singleLine = false) String description,
    @NotNull Effect effect,
    @Size(max = PolicyWrite.PATTERNS_MAX)
        List<@NotNull @Size(min = 1, max = Glob.MAX) @Clean String> subjects,
    @Size(max = PolicyWrite.PATTERNS_MAX)
        List<@NotNull @Size(min = 1, max = Glob.MAX) @Clean String> actions,
    @Size(max = PolicyWrite.PATTERNS_MAX)
        List<@NotNull @Size(min = 1, max = Glob.MAX) @Clean String> resources,
    @Size(max = Conditions.MAX_LENGTH) @Clean(singleLine = false) String condition) {

  /** Most patterns one target list may hold. */
  public static final int PATTERNS_MAX = 100;

  static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  /** The condition, or null when absent or blank. */
  String conditionOrNull() {
    return condition == null || condition.isBlank() ? null : condition;
  }
}
