package dev.signet.common.auth;

import io.smallrye.mutiny.Uni;

/**
 * Uses up a single-use audience token (claim {@code single_use: true}) presented to a {@link
 * RequiresAudience} endpoint: only the first use anywhere is accepted. token-service owns the store
 * of used tokens; other services ask it through introspection with {@code consume=true} ({@link
 * IntrospectionAudienceTokenUses}), token-service writes it directly.
 */
public interface AudienceTokenUses {

  /** Claim of an audience-scoped token whose audience is single-use. */
  String CLAIM = "single_use";

  /** True for the one use that consumed the token, false for every later one. */
  Uni<Boolean> consume(String jwt, VerifiedToken token);

  /** Whether the token says it may be used once only. */
  static boolean singleUse(VerifiedToken token) {
    return Boolean.TRUE.equals(token.claims().getClaimValue(CLAIM));
  }
}
