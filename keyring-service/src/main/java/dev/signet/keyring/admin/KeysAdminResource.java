package dev.signet.keyring.admin;

import dev.signet.keyring.ring.SigningKeyRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Admin API of the key ring; every call needs scope {@code signet:keys:admin}. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(KeysAdminResource.SCOPE)
public class KeysAdminResource {

  public static final String SCOPE = "signet:keys:admin";

  private final SigningKeyRepository keys;

  KeysAdminResource(SigningKeyRepository keys) {
    this.keys = keys;
  }

  /** Every key with its state and dates, newest first; public part only. */
  @GET
  @WithSession
  public Uni<List<KeyView>> list() {
    return keys.listNewestFirst().map(all -> all.stream().map(KeyView::of).toList());
  }
}
