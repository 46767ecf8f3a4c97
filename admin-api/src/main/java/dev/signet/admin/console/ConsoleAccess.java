package dev.signet.admin.console;

import dev.signet.common.auth.InvalidTokenException;
import dev.signet.common.auth.RevocationCheck;
import dev.signet.common.auth.Scopes;
import dev.signet.common.auth.TokenVerifier;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether the signed-in person may use the console. quarkus-oidc has checked the ID token;
 * the access token the console acts with is verified here exactly as the REST APIs verify a bearer
 * token (signature against the key ring, iss, aud, times, revocation), and must grant {@code
 * signet:admin}. So the console never allows more than the same person could do with curl.
 */
@ApplicationScoped
public class ConsoleAccess {

  static final String ADMIN_SCOPE = "signet:admin";

  private final TokenVerifier verifier;
  private final RevocationCheck revocation;
  private final ConsoleCsrf csrf;

  ConsoleAccess(TokenVerifier verifier, RevocationCheck revocation, ConsoleCsrf csrf) {
    this.verifier = verifier;
    this.revocation = revocation;
    this.csrf = csrf;
  }

  /** The admin behind this session, or a {@link ConsoleRefusal}. */
  public Uni<ConsoleAdmin> require(SecurityIdentity identity) {
    AccessTokenCredential credential =
        identity == null ? null : identity.getCredential(AccessTokenCredential.class);
    if (credential == null || credential.getToken() == null) {
      return Uni.createFrom().failure(ConsoleRefusal.signInAgain("no access token"));
    }
    String token = credential.getToken();
    return verifier
        .verifyFor(token)
        .call(
            verified ->
                revocation
                    .revoked(token, verified)
                    .invoke(
                        revoked -> {
                          if (revoked) {
                            throw new InvalidTokenException("revoked");
                          }
                        }))
        .onFailure(InvalidTokenException.class)
        .transform(e -> ConsoleRefusal.signInAgain(((InvalidTokenException) e).reason()))
        .map(
            verified -> {
              if (!Scopes.grants(verified.scopes(), ADMIN_SCOPE)) {
                throw ConsoleRefusal.notAdmin();
              }
              String subject =
                  verified.subject() != null
                      ? verified.subject()
                      : identity.getPrincipal().getName();
              return new ConsoleAdmin(subject, verified.scopes(), token, csrf.tokenFor(token));
            });
  }
}
