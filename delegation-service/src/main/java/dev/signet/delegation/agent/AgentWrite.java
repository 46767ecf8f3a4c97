package dev.signet.delegation.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /v1/agents} and {@code PUT /v1/agents/{id}} (the parent is fixed at creation;
 * a PUT that names another parent is refused).
 *
 * @param name unique, 1-128 characters
 * @param ownerType {@code user} or {@code service_account}
 * @param owner the owning user or service account id
 * @param clientId the agent's own OAuth client: the {@code sub} of its tokens, the actor id in
 *     delegation chains
 * @param capabilities free-form capability labels
 * @param allowedScopes the most any token of the agent may carry (expanded)
 * @param allowedResources resource globs the agent may act on; empty means no restriction
 * @param parentId the parent agent, whose allowed scopes bound this agent's
 * @param status {@code active} (default), {@code suspended} or {@code revoked}
 */
public record AgentWrite(
    @NotNull @Size(min = 1, max = 128) @Clean String name,
    @JsonProperty("owner_type") @NotNull @Pattern(regexp = "user|service_account") String ownerType,
    @NotNull @Size(min = 1, max = 255) @Clean String owner,
    @JsonProperty("client_id") @NotNull @Size(min = 1, max = 255) @Clean String clientId,
    @Size(max = 50) List<@NotNull @Size(min = 1, max = 128) @Clean String> capabilities,
    @JsonProperty("allowed_scopes") @Size(max = 100) List<@NotNull String> allowedScopes,
    @JsonProperty("allowed_resources") @Size(max = 100)
        List<@NotNull @Size(min = 1, max = 256) @Clean String> allowedResources,
    @JsonProperty("parent_id") UUID parentId,
    @Pattern(regexp = "active|suspended|revoked") String status) {

  static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  String statusOrActive() {
    return status == null ? "active" : status;
  }
}
