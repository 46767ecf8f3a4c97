package dev.signet.token.passkey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** admin-api's {@code Redemption}: the person, now active, and their key enrollment token. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InviteRedemption(
    @JsonProperty("user_id") UUID userId,
    String email,
    @JsonProperty("key_enrollment_token") String keyEnrollmentToken,
    @JsonProperty("key_enrollment_token_expires_at") Instant keyEnrollmentTokenExpiresAt) {}
