package dev.signet.token.session;

import java.time.Instant;
import java.util.UUID;

/** A live browser session: whose, under which user_ver, since when, and its CSRF token. */
public record PersonSession(
    UUID sessionId,
    UUID userId,
    long userVer,
    Instant authTime,
    String method,
    String credentialId,
    String csrfToken) {}
