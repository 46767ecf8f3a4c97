package dev.signet.token.passkey;

import java.time.Instant;
import java.util.UUID;

/** A person's passkey as the account page lists it (never its key material). */
public record Passkey(
    UUID id,
    UUID userId,
    String credentialId,
    String name,
    Instant createdAt,
    Instant lastUsedAt) {}
