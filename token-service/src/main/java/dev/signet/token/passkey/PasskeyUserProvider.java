package dev.signet.token.passkey;

import dev.signet.token.session.PageException;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.quarkus.security.webauthn.WebAuthnUserProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The WebAuthn extension's view of {@link PasskeyStore}: it looks credentials up while it checks a
 * ceremony. Storing and counting are done by {@link PasskeyCeremonies} itself (the extension's own
 * endpoints that would call {@code store} and {@code update} are off), so those stay no-ops here.
 */
@ApplicationScoped
public class PasskeyUserProvider implements WebAuthnUserProvider {

  private final PasskeyStore store;

  PasskeyUserProvider(PasskeyStore store) {
    this.store = store;
  }

  @Override
  public Uni<List<WebAuthnCredentialRecord>> findByUsername(String username) {
    UUID userId;
    try {
      userId = UUID.fromString(username);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(List.of());
    }
    return store.records(userId);
  }

  @Override
  public Uni<WebAuthnCredentialRecord> findByCredentialId(String credentialId) {
    return store
        .record(credentialId)
        .map(
            found ->
                found.orElseThrow(
                    () -> new PageException(400, "This passkey is not registered here.")));
  }
}
