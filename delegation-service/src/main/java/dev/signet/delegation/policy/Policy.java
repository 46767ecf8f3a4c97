package dev.signet.delegation.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A policy as the API shows it and as it is stored. */
public record Policy(
    UUID id,
    String name,
    String description,
    Effect effect,
    List<String> subjects,
    List<String> actions,
    List<String> resources,
    String condition,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  static final String COLUMNS =
      "id, name, description, effect, subjects, actions, resources, condition, created_at,"
          + " updated_at";

  static Policy of(Row row) {
    return new Policy(
        row.getUUID("id"),
        row.getString("name"),
        row.getString("description"),
        Effect.of(row.getString("effect")),
        List.of(row.getArrayOfStrings("subjects")),
        List.of(row.getArrayOfStrings("actions")),
        List.of(row.getArrayOfStrings("resources")),
        row.getString("condition"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }

  /** The policy compiled; {@link Conditions.InvalidCondition} or a bad glob if it cannot be. */
  CompiledPolicy compile() throws Conditions.InvalidCondition {
    return new CompiledPolicy(
        id,
        name,
        effect,
        globs(subjects),
        globs(actions),
        globs(resources),
        condition == null ? null : Conditions.compile(condition));
  }

  private static List<Glob> globs(List<String> patterns) {
    return patterns.stream().map(Glob::of).toList();
  }
}
