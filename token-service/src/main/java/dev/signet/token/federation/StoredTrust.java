package dev.signet.token.federation;

import java.time.Instant;
import java.util.UUID;

/** A trust as {@code federation_trust} holds it. */
public record StoredTrust(
    UUID id,
    TrustDefinition definition,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    String createdBy,
    String updatedBy,
    long version) {

  public ExternalJwks.Source jwksSource() {
    return new ExternalJwks.Source(definition.issuer(), definition.jwksUri());
  }
}
