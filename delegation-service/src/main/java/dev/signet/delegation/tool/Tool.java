package dev.signet.delegation.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered tool: what it is, the JSON Schema of its parameters, the scopes a call needs. */
public record Tool(
    UUID id,
    String name,
    String category,
    String description,
    JsonNode parameters,
    @JsonProperty("required_scopes") List<String> requiredScopes,
    boolean active,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  static final String COLUMNS =
      "id, name, category, description, parameters, required_scopes, active, created_at,"
          + " updated_at";

  private static final ObjectMapper JSON = new ObjectMapper();

  static Tool of(Row row) {
    JsonObject params = row.getJsonObject("parameters");
    JsonNode schema;
    try {
      schema = JSON.readTree(params == null ? "{}" : params.encode());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored tool schema is not JSON", e);
    }
    return new Tool(
        row.getUUID("id"),
        row.getString("name"),
        row.getString("category"),
        row.getString("description"),
        schema,
        List.of(row.getArrayOfStrings("required_scopes")),
        row.getBoolean("active"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
