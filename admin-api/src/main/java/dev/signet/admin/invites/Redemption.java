package dev.signet.admin.invites;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of {@code GET /v1/verify}: the person is active and gets a key enrollment token (single
 * use, short-lived) to enroll their first key.
 */
@Schema(name = "Redemption")
public record Redemption(
    @JsonProperty("user_id") UUID userId,
    String email,
    @JsonProperty("key_enrollment_token") String keyEnrollmentToken,
    @JsonProperty("key_enrollment_token_expires_at") Instant keyEnrollmentTokenExpiresAt) {}
