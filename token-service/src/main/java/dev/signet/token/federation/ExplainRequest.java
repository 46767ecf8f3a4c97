package dev.signet.token.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.input.Clean;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A dry run's input: an external token, or just the claims one would carry (exactly one). */
public record ExplainRequest(
    @JsonProperty("token") @Clean @Size(max = ExternalTokenVerifier.MAX_TOKEN_CHARS) String token,
    @JsonProperty("claims") @Size(max = 200) Map<String, Object> claims) {}
