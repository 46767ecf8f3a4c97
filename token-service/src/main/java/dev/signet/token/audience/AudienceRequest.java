package dev.signet.token.audience;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A registered audience as an admin writes it through {@code /v1/audiences}. */
public record AudienceRequest(
    @JsonProperty("audience") @Clean @Size(max = 255) String audience,
    @JsonProperty("description") @Clean(singleLine = false) @Size(max = 1000) String description,
    @JsonProperty("max_ttl_seconds")
        @NotNull
        @Min(AudienceRequest.MIN_TTL)
        @Max(AudienceRequest.MAX_TTL)
        Integer maxTtlSeconds,
    @JsonProperty("single_use") Boolean singleUse) {

  /** Shortest audience-scoped token: less leaves no time to use it across a 30 s skew. */
  public static final int MIN_TTL = 30;

  /** Longest audience-scoped token (issue 14, point 5). */
  public static final int MAX_TTL = 600;
}
