package dev.signet.keyring.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.signet.keyring.ring.SigningKey;
import java.time.Instant;

/** A key as admins see it: state, dates and the public JWK, never any private material. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(
    String kid,
    String alg,
    String state,
    String source,
    @JsonProperty("key_size") Integer keySize,
    @JsonProperty("master_key_version") String masterKeyVersion,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("activates_at") Instant activatesAt,
    @JsonProperty("activated_at") Instant activatedAt,
    @JsonProperty("deactivated_at") Instant deactivatedAt,
    @JsonProperty("retire_after") Instant retireAfter,
    @JsonProperty("retired_at") Instant retiredAt,
    @JsonProperty("revoked_at") Instant revokedAt,
    @JsonProperty("revoke_reason") String revokeReason,
    @JsonProperty("public_jwk") @JsonRawValue String publicJwk) {

  public static KeyView of(SigningKey key) {
    return new KeyView(
        key.kid,
        key.alg,
        key.state,
        key.source,
        key.keySize,
        key.masterKeyVersion,
        key.createdAt,
        key.activatesAt,
        key.activatedAt,
        key.deactivatedAt,
        key.retireAfter,
        key.retiredAt,
        key.revokedAt,
        key.revokeReason,
        key.publicJwk);
  }
}
