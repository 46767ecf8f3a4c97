package dev.signet.token.exchange;

import dev.signet.common.auth.InvalidTokenException;
import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.SafeFailures;
import dev.signet.token.introspect.LocalRevocationCheck;
import dev.signet.token.oauth.OAuthException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * One of our own tokens presented to the token endpoint (a subject or an actor token): verified and
 * checked for revocation, as introspection would. A bad or revoked token is {@code invalid_grant};
 * a check that cannot be made is {@code temporarily_unavailable}, never a guess.
 */
@ApplicationScoped
public class PresentedTokens {

  private static final Logger LOG = Logger.getLogger(PresentedTokens.class);

  private final TokenVerifier verifier;
  private final LocalRevocationCheck revocation;

  PresentedTokens(TokenVerifier verifier, LocalRevocationCheck revocation) {
    this.verifier = verifier;
    this.revocation = revocation;
  }

  /** {@code which} names the token in messages: {@code subject} or {@code actor}. */
  public Uni<VerifiedToken> checked(String jwt, String which) {
    return verifier
        .verify(jwt)
        .call(
            verified ->
                revocation
                    .revoked(jwt, verified)
                    .invoke(
                        revoked -> {
                          if (revoked) {
                            throw new InvalidTokenException("revoked");
                          }
                        }))
        .onFailure(InvalidTokenException.class)
        .transform(
            e -> {
              LOG.debugf("%s token refused: %s", which, e.getMessage());
              return OAuthException.invalidGrant("The " + which + " token is not valid.");
            })
        .onFailure(e -> !(e instanceof OAuthException))
        .transform(
            e -> {
              LOG.warnf("token exchange could not check a token: %s", SafeFailures.describe(e));
              return OAuthException.unavailable("The token cannot be checked now; retry shortly.");
            });
  }
}
