package dev.signet.keyring.ring;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Access to {@code signing_keys}, which only the key ring writes. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {

  /** Every key, newest first. */
  public Uni<List<SigningKey>> listNewestFirst() {
    return listAll(Sort.descending("createdAt").and("kid"));
  }

  public Uni<List<SigningKey>> inState(KeyState state) {
    return list("state = ?1 order by createdAt desc", state.column());
  }

  public Uni<List<SigningKey>> inStateForAlgorithm(KeyState state, String alg) {
    return list("state = ?1 and alg = ?2 order by createdAt desc", state.column(), alg);
  }
}
