package dev.signet.delegation.scopes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** A scope as the API shows it; {@code implies} lists its direct implications only. */
public record Scope(
    String name,
    String description,
    boolean sensitive,
    List<String> implies,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  static Scope of(Row row) {
    String[] implies = row.getArrayOfStrings("implies");
    return new Scope(
        row.getString("name"),
        row.getString("description"),
        row.getBoolean("sensitive"),
        implies == null ? List.of() : List.of(implies),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
