package dev.signet.admin.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Client authentications token-service counted since its last flush, one item per client. */
@Schema(name = "ServiceAccountUsageBatch")
public record UsageBatch(@NotNull @Size(max = 10_000) List<@Valid @NotNull Item> items) {

  /** Usage of one client since the last flush. */
  @Schema(name = "ServiceAccountUsage")
  public record Item(
      @Schema(example = "ci-deployer") @JsonProperty("client_id") @NotBlank @Size(max = 200)
          String clientId,
      @Schema(example = "42") @PositiveOrZero long count,
      @Schema(example = "2026-11-24T21:30:00Z") @JsonProperty("last_used_at") @NotNull
          Instant lastUsedAt,
      @Schema(example = "10.0.3.7") @JsonProperty("last_ip") @Size(max = 100) String lastIp) {}

  /** How many items were received and how many matched an existing account. */
  @Schema(name = "ServiceAccountUsageResult")
  public record Result(int received, int updated) {}
}
