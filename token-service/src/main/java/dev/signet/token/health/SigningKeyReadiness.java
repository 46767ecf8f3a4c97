package dev.signet.token.health;

import dev.signet.common.keys.ActiveKeySigner;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this replica has loaded the key ring's active signing key, whatever its algorithm (the
 * ring's rotation policy decides it). At start token-service can be up before keyring-service has
 * activated the first key, and a replica that took token requests then would answer each with 503.
 * Only the first load gates readiness: once a key was loaded, a later problem of the key ring does
 * not take replicas out of the Service, because introspection, revocation and discovery work
 * without a signing key; the token endpoint answers 503 for that time and the keyring's alerts say
 * why.
 */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements AsyncHealthCheck {

  static final String NAME = "signing-key";

  private final ActiveKeySigner signer;

  /** The first key loaded, without its private part (which must not outlive the signer's cache). */
  private record FirstKey(String kid, String algorithm) {}

  private volatile FirstKey first;

  SigningKeyReadiness(ActiveKeySigner signer) {
    this.signer = signer;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    FirstKey loaded = first;
    if (loaded != null) {
      return Uni.createFrom().item(up(loaded));
    }
    return signer
        .activeKey()
        .map(
            key -> {
              first = new FirstKey(key.kid(), key.algorithm().name());
              return up(first);
            })
        .onFailure()
        .recoverWithItem(
            () ->
                HealthCheckResponse.named(NAME)
                    .down()
                    .withData("reason", "no active signing key loaded yet")
                    .build());
  }

  private static HealthCheckResponse up(FirstKey key) {
    return HealthCheckResponse.named(NAME)
        .up()
        .withData("first_algorithm", key.algorithm())
        .withData("first_kid", key.kid())
        .build();
  }
}
