package dev.signet.keyring.rotation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The rotation policy row, created with defaults when missing. */
@ApplicationScoped
public class RotationPolicyRepository implements PanacheRepositoryBase<RotationPolicy, String> {

  public Uni<RotationPolicy> current() {
    return findById(RotationPolicy.DEFAULT_ID)
        .chain(
            found -> {
              if (found != null) {
                return Uni.createFrom().item(found);
              }
              RotationPolicy policy = new RotationPolicy();
              policy.id = RotationPolicy.DEFAULT_ID;
              policy.algorithm = "RS256";
              policy.rsaKeySize = 2048;
              policy.rotationIntervalSeconds = 7_776_000;
              policy.prePublishSeconds = 86_400;
              policy.gracePeriodSeconds = 691_200;
              policy.jwksCacheMaxAgeSeconds = 900;
              policy.jwksCacheMarginSeconds = 300;
              policy.updatedAt = Instant.now();
              return persist(policy);
            });
  }
}
