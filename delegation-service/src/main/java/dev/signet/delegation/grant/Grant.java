package dev.signet.delegation.grant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A delegation grant: principal -> actor (the agent's client id), one node of a grant tree. */
public record Grant(
    UUID id,
    @JsonProperty("parent_id") UUID parentId,
    String principal,
    String actor,
    @JsonProperty("agent_id") UUID agentId,
    List<String> scopes,
    List<String> audiences,
    List<String> resources,
    int depth,
    @JsonProperty("max_depth") int maxDepth,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("revoked_at") Instant revokedAt,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("created_by") String createdBy) {

  static final String COLUMNS =
      "id, parent_id, principal, actor, agent_id, scopes, audiences, resources, depth,"
          + " max_depth, expires_at, revoked_at, created_at, created_by";

  static Grant of(Row row) {
    return new Grant(
        row.getUUID("id"),
        row.getUUID("parent_id"),
        row.getString("principal"),
        row.getString("actor"),
        row.getUUID("agent_id"),
        List.of(row.getArrayOfStrings("scopes")),
        List.of(row.getArrayOfStrings("audiences")),
        List.of(row.getArrayOfStrings("resources")),
        row.getInteger("depth"),
        row.getInteger("max_depth"),
        instant(row, "expires_at"),
        instant(row, "revoked_at"),
        instant(row, "created_at"),
        row.getString("created_by"));
  }

  private static Instant instant(Row row, String column) {
    var t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  /** Neither revoked nor expired at {@code now}. */
  public boolean liveAt(Instant now) {
    return revokedAt == null && expiresAt != null && expiresAt.isAfter(now);
  }
}
