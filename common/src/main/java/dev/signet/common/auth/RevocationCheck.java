package dev.signet.common.auth;

import io.smallrye.mutiny.Uni;

/**
 * Whether a token that verified (signature, issuer, times) was revoked since: by RFC 7009
 * revocation of its jti, or by a "revoke everything of this client/subject" cutoff. token-service
 * owns that state and answers from its tables; every other service asks it (see {@link
 * IntrospectionRevocationCheck}).
 */
public interface RevocationCheck {

  /** {@code jwt} is the compact token as presented, {@code token} what verifying it found. */
  Uni<Boolean> revoked(String jwt, VerifiedToken token);
}
