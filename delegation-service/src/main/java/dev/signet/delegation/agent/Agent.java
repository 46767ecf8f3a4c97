package dev.signet.delegation.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent credential as the API shows it. {@code reputation} is derived from the counters and
 * shown, not enforced: (succeeded + 1) / (succeeded + failed + 2), so a new agent starts at 0.5 and
 * one outcome never swings it to 0 or 1.
 */
public record Agent(
    UUID id,
    String name,
    @JsonProperty("owner_type") String ownerType,
    String owner,
    @JsonProperty("client_id") String clientId,
    List<String> capabilities,
    @JsonProperty("allowed_scopes") List<String> allowedScopes,
    @JsonProperty("allowed_resources") List<String> allowedResources,
    @JsonProperty("parent_id") UUID parentId,
    String status,
    long issued,
    long succeeded,
    long failed,
    double reputation,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  static final String COLUMNS =
      "id, agent_id, owner_type, owner, client_id, capabilities, allowed_scopes,"
          + " allowed_resources, parent_id, status, issued_count, succeeded_count, failed_count,"
          + " created_at, updated_at";

  static Agent of(Row row) {
    long succeeded = row.getLong("succeeded_count");
    long failed = row.getLong("failed_count");
    return new Agent(
        row.getUUID("id"),
        row.getString("agent_id"),
        row.getString("owner_type"),
        row.getString("owner"),
        row.getString("client_id"),
        List.of(row.getArrayOfStrings("capabilities")),
        List.of(row.getArrayOfStrings("allowed_scopes")),
        List.of(row.getArrayOfStrings("allowed_resources")),
        row.getUUID("parent_id"),
        row.getString("status"),
        row.getLong("issued_count"),
        succeeded,
        failed,
        reputation(succeeded, failed),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }

  /** Laplace-smoothed success rate, rounded to three places. */
  public static double reputation(long succeeded, long failed) {
    double r = (succeeded + 1.0) / (succeeded + failed + 2.0);
    return Math.round(r * 1000.0) / 1000.0;
  }

  public boolean active() {
    return "active".equals(status);
  }
}
