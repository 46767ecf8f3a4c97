package dev.signet.admin.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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

  /** Most uses one item may report: far above any flush interval's real count, far below bigint. */
  static final long MAX_COUNT = 1_000_000_000L;

  /** 400 naming the item whose last_used_at is before 2000 or more than a day ahead. */
  void requireSaneTimes(Instant now) {
    Instant earliest = Instant.parse("2000-01-01T00:00:00Z");
    Instant latest = now.plus(java.time.Duration.ofDays(1));
    for (int i = 0; i < items.size(); i++) {
      Instant at = items.get(i).lastUsedAt();
      if (at.isBefore(earliest) || at.isAfter(latest)) {
        throw new dev.signet.common.input.InvalidInputException(
            "items[" + i + "].last_used_at", "must be after 2000 and at most a day ahead");
      }
    }
  }

  /** Usage of one client since the last flush. */
  @Schema(name = "ServiceAccountUsage")
  public record Item(
      @Schema(example = "ci-deployer") @JsonProperty("client_id") @NotBlank @Size(max = 200) @Clean
          String clientId,
      @Schema(example = "42") @PositiveOrZero @Max(MAX_COUNT) long count,
      @Schema(example = "2026-11-24T21:30:00Z") @JsonProperty("last_used_at") @NotNull
          Instant lastUsedAt,
      @Schema(example = "10.0.3.7") @JsonProperty("last_ip") @Size(max = 100) @Clean
          String lastIp) {}

  /** How many items were received and how many matched an existing account. */
  @Schema(name = "ServiceAccountUsageResult")
  public record Result(int received, int updated) {}
}
