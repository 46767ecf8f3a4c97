package dev.signet.token.health;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.SigningAlgorithm;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this replica has loaded an active signing key. At start token-service can be up before
 * keyring-service has activated the first key, and a replica that took token requests then would
 * answer each with 503. Only the first load gates readiness: once a key was loaded, a later problem
 * of the key ring does not take replicas out of the Service, because introspection, revocation and
 * discovery work without a signing key; the token endpoint answers 503 for that time and the
 * keyring's alerts say why.
 */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements AsyncHealthCheck {

  static final String NAME = "signing-key";

  private final ActiveKeySigner signer;
  private final SigningAlgorithm algorithm;
  private volatile String firstKid;

  @Inject
  SigningKeyReadiness(ActiveKeySigner signer) {
    this(signer, signer.defaultAlgorithm());
  }

  SigningKeyReadiness(ActiveKeySigner signer, SigningAlgorithm algorithm) {
    this.signer = signer;
    this.algorithm = algorithm;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    if (firstKid != null) {
      return Uni.createFrom().item(up(firstKid));
    }
    return signer
        .activeKey(algorithm)
        .map(
            key -> {
              firstKid = key.kid();
              return up(key.kid());
            })
        .onFailure()
        .recoverWithItem(
            () ->
                HealthCheckResponse.named(NAME)
                    .down()
                    .withData("algorithm", algorithm.name())
                    .withData("reason", "no active signing key loaded yet")
                    .build());
  }

  private HealthCheckResponse up(String kid) {
    return HealthCheckResponse.named(NAME)
        .up()
        .withData("algorithm", algorithm.name())
        .withData("first_kid", kid)
        .build();
  }
}
