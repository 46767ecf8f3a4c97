package dev.signet.token.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.data.AuthenticationData;
import dev.signet.token.session.PageException;
import dev.signet.token.session.PersonSession;
import io.quarkus.security.webauthn.WebAuthnSecurity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The two WebAuthn ceremonies, on the extension's programmatic API: its challenge lives in its
 * encrypted, HttpOnly challenge cookie and is dropped once used; what a ceremony proves ends in OUR
 * session ({@code PersonSessions}), never in the extension's own login cookie.
 */
@ApplicationScoped
public class PasskeyCeremonies {

  private static final Logger LOG = Logger.getLogger(PasskeyCeremonies.class);

  /** An attestation with its client data is a few kilobytes; more is not a browser's answer. */
  static final int MAX_CREDENTIAL_JSON = 32 * 1024;

  private static final String NOT_VERIFIED =
      "That passkey could not be verified. Reload the page and try again.";

  /** A signed-in passkey: whose it is and which one. */
  public record SignedIn(UUID userId, String credentialId) {}

  private final WebAuthnSecurity webauthn;
  private final PasskeyStore store;
  private final WebAuthnManager parser = WebAuthnManager.createNonStrictWebAuthnManager();

  PasskeyCeremonies(WebAuthnSecurity webauthn, PasskeyStore store) {
    this.webauthn = webauthn;
    this.store = store;
  }

  /** The options for {@code navigator.credentials.create} for this person, as JSON. */
  public Uni<String> registrationOptions(PersonSession session, RoutingContext context) {
    String userId = session.userId().toString();
    return store
        .email(session.userId())
        .chain(email -> webauthn.getRegisterChallenge(userId, email.orElse(userId), context))
        .map(webauthn::toJsonString);
  }

  /** Verifies a registration against this session's person and stores the new passkey. */
  public Uni<Passkey> register(
      PersonSession session, String credentialJson, String name, RoutingContext context) {
    JsonObject credential = parse(credentialJson);
    return webauthn
        .register(session.userId().toString(), credential, context)
        .onFailure(failure -> !(failure instanceof PageException))
        .transform(PasskeyCeremonies::notVerified)
        .chain(record -> store.add(session.userId(), record, name));
  }

  /** The options for {@code navigator.credentials.get}: no user named, the passkey says whose. */
  public Uni<String> signInOptions(RoutingContext context) {
    return webauthn.getLoginChallenge(null, context).map(webauthn::toJsonString);
  }

  /**
   * Verifies an assertion (signature, challenge, origin, relying party, user verification, counter)
   * and records its use. A replay fails here: its challenge is gone or its counter did not go up.
   */
  public Uni<SignedIn> signIn(String assertionJson, RoutingContext context) {
    JsonObject assertion = parse(assertionJson);
    long counter;
    try {
      AuthenticationData data = parser.parseAuthenticationResponseJSON(assertion.encode());
      counter = data.getAuthenticatorData().getSignCount();
    } catch (RuntimeException e) {
      throw notVerified(e);
    }
    return webauthn
        .login(assertion, context)
        .onFailure(failure -> !(failure instanceof PageException))
        .transform(PasskeyCeremonies::notVerified)
        .chain(
            record ->
                store
                    .recordUse(record.getCredentialID(), counter)
                    .map(
                        counted -> {
                          if (!counted) {
                            throw new PageException(400, NOT_VERIFIED);
                          }
                          return new SignedIn(
                              UUID.fromString(record.getUsername()), record.getCredentialID());
                        }));
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isEmpty() || json.length() > MAX_CREDENTIAL_JSON) {
      throw new PageException(400, NOT_VERIFIED);
    }
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new PageException(400, NOT_VERIFIED);
    }
  }

  private static PageException notVerified(Throwable failure) {
    // The reason is for operators; the values in the ceremony are not (they identify a key).
    LOG.debugf("passkey ceremony refused: %s", failure.getClass().getSimpleName());
    return new PageException(400, NOT_VERIFIED);
  }
}
