package dev.signet.delegation.grant;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /v1/delegations}: without {@code parent_id} the caller delegates its own
 * scopes to an agent; with it, the agent holding the parent grant delegates further (every field
 * then only narrows the parent's; absent lists are inherited).
 *
 * @param agentId the agent that receives the grant
 * @param parentId the grant this one derives from, or null for a root grant
 * @param scopes the scopes delegated (within the delegator's and the agent's, after expansion)
 * @param audiences the audiences tokens under the grant may carry
 * @param resources resource constraints; empty means none (a root grant only)
 * @param maxDepth how many actors the chain may hold (default 3, at most 5; a child inherits)
 * @param expiresAt when the grant ends (a child never outlives its parent)
 */
public record GrantWrite(
    @JsonProperty("agent_id") @NotNull UUID agentId,
    @JsonProperty("parent_id") UUID parentId,
    @Size(max = 100) List<@NotNull String> scopes,
    @Size(max = 20) List<@NotNull @Size(min = 1, max = 255) @Clean String> audiences,
    @Size(max = 50) List<@NotNull @Size(min = 1, max = 256) @Clean String> resources,
    @JsonProperty("max_depth") Integer maxDepth,
    @JsonProperty("expires_at") @NotNull Instant expiresAt) {}
