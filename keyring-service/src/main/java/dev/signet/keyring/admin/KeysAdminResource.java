package dev.signet.keyring.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.signet.common.auth.RequiresAudience;
import dev.signet.common.input.Clean;
import dev.signet.common.input.CleanText;
import dev.signet.common.keys.KeyChangeNotifications;
import dev.signet.keyring.jwks.JwksCache;
import dev.signet.keyring.ring.KeyState;
import dev.signet.keyring.ring.SigningKey;
import dev.signet.keyring.rotation.RotationPolicy;
import dev.signet.keyring.rotation.TokenLifetimes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin API of the key ring; every call needs scope {@code signet:keys:admin}. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(KeysAdminResource.SCOPE)
public class KeysAdminResource {

  public static final String SCOPE = "signet:keys:admin";

  /**
   * The per-operation audience of an emergency key revocation: a break-glass runbook exchanges its
   * admin token for a short token bound to this audience (registered in token-service's {@code
   * /v1/audiences}, ideally single-use), which can revoke a key and open nothing else.
   */
  public static final String REVOKE_AUDIENCE = "signet.keys.revoke";

  /** Longest kid accepted in a path; generated and imported kids are 22 characters. */
  static final int KID_MAX = 64;

  /** Body of a revocation. */
  public record RevokeRequest(
      @NotBlank @Size(max = 500) @Clean(singleLine = false) String reason) {}

  /**
   * Result of a manual rotation. Registered for reflection: it is a {@code Response} entity, which
   * Quarkus cannot see when it builds a native image.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @RegisterForReflection
  public record RotationResult(KeyView activated, KeyView scheduled) {}

  /** Result of a revocation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RevocationResult(KeyView revoked, KeyView promoted) {}

  /** Result of a master key re-wrap. */
  public record RewrapResult(
      int rewrapped, @JsonProperty("master_key_version") String masterKeyVersion) {}

  /** What JWKS will hold right after the next rotation. */
  public record JwksPreview(
      @JsonProperty("rotates_at") Instant rotatesAt,
      @JsonProperty("successor_kid") String successorKid,
      @JsonProperty("successor_generated_at_rotation") boolean successorGeneratedAtRotation,
      Map<String, String> states,
      @JsonRawValue String jwks) {}

  private final KeyAdministration admin;
  private final JwksCache jwks;
  private final KeyChangeNotifications notifications;
  private final Pool pool;
  private final SecurityIdentity identity;
  private final dev.signet.common.keys.MasterKeys masterKeys;

  KeysAdminResource(
      KeyAdministration admin,
      JwksCache jwks,
      KeyChangeNotifications notifications,
      Pool pool,
      SecurityIdentity identity,
      dev.signet.common.keys.MasterKeys masterKeys) {
    this.admin = admin;
    this.jwks = jwks;
    this.notifications = notifications;
    this.pool = pool;
    this.identity = identity;
    this.masterKeys = masterKeys;
  }

  /** Every key with its state and dates, newest first; public part only. */
  @GET
  public Uni<List<KeyView>> list() {
    return admin.list().map(all -> all.stream().map(KeyView::of).toList());
  }

  @GET
  @Path("/{kid}")
  public Uni<KeyView> get(@PathParam("kid") String kid) {
    return admin.get(kid(kid)).map(KeyView::of);
  }

  /**
   * Rotates now: activates a pending key that caches have had for the lead time, otherwise
   * schedules one (202). {@code immediate=true} activates at once (emergency).
   */
  @POST
  @Path("/rotate")
  public Uni<Response> rotate(@QueryParam("immediate") boolean immediate) {
    return lifetimes()
        .chain(l -> admin.rotate(immediate, l, actor()))
        .call(this::published)
        .map(
            outcome ->
                Response.status(outcome.activated() != null ? 200 : 202)
                    .entity(
                        new RotationResult(view(outcome.activated()), view(outcome.scheduled())))
                    .build());
  }

  @POST
  @Path("/{kid}/retire")
  public Uni<KeyView> retire(@PathParam("kid") String kid) {
    return admin.retire(kid(kid), actor()).call(this::published).map(KeyView::of);
  }

  /**
   * Revokes a key; JWKS drops it at once and an active key is replaced in the same step. Accepts a
   * general keyring token or one scoped to {@link #REVOKE_AUDIENCE} (still with the scope).
   */
  @POST
  @Path("/{kid}/revoke")
  @RequiresAudience({RequiresAudience.SERVICE, REVOKE_AUDIENCE})
  public Uni<RevocationResult> revoke(
      @PathParam("kid") String kid, @Valid @NotNull RevokeRequest request) {
    kid(kid);
    return lifetimes()
        .chain(l -> admin.revoke(kid, request.reason(), l, actor()))
        .call(this::published)
        .map(o -> new RevocationResult(view(o.revoked()), view(o.promoted())));
  }

  /** Moves every key to the current master key. */
  @POST
  @Path("/rewrap")
  public Uni<RewrapResult> rewrap() {
    return admin
        .rewrap(actor())
        .call(this::published)
        .map(n -> new RewrapResult(n, masterKeys.currentVersion()));
  }

  @GET
  @Path("/policy")
  public Uni<PolicyView> policy() {
    return admin.policy().map(PolicyView::of);
  }

  /** Replaces the rotation policy; a grace period shorter than the longest token is refused. */
  @PUT
  @Path("/policy")
  public Uni<PolicyView> updatePolicy(@Valid @NotNull PolicyUpdate update) {
    return lifetimes()
        .chain(l -> admin.updatePolicy(update, l, actor()))
        .call(this::published)
        .map(PolicyView::of);
  }

  /** The key set JWKS will publish right after the next rotation. */
  @GET
  @Path("/jwks-preview")
  public Uni<JwksPreview> preview() {
    return lifetimes()
        .chain(
            lifetimes ->
                admin
                    .policy()
                    .chain(policy -> admin.list().map(all -> preview(policy, lifetimes, all))));
  }

  private static JwksPreview preview(
      RotationPolicy policy, TokenLifetimes lifetimes, List<SigningKey> all) {
    var timings = policy.timings();
    Optional<SigningKey> active =
        all.stream().filter(k -> k.keyState() == KeyState.ACTIVE).findFirst();
    Optional<SigningKey> pending =
        all.stream()
            .filter(k -> k.keyState() == KeyState.PENDING && k.alg.equals(policy.algorithm))
            .max(Comparator.comparing(k -> k.createdAt));
    Instant rotatesAt =
        pending
            .map(k -> k.activatesAt)
            .orElseGet(
                () ->
                    active
                        .map(
                            k ->
                                timings.nextRotation(
                                    k.activatedAt != null ? k.activatedAt : k.createdAt))
                        .orElse(null));
    Map<String, String> states = new LinkedHashMap<>();
    List<String> jwks = new ArrayList<>();
    for (SigningKey key : all) {
      String after = key.state;
      if (pending.isPresent() && key == pending.get()) {
        after = "active";
      } else if (active.isPresent() && key == active.get()) {
        after = "previous";
      } else if (key.keyState() == KeyState.PREVIOUS
          && rotatesAt != null
          && key.retireAfter != null
          && !key.retireAfter.isAfter(rotatesAt)) {
        after = "retired";
      }
      if (KeyState.fromColumn(after).published()) {
        states.put(key.kid, after);
        jwks.add(key.publicJwk);
      }
    }
    return new JwksPreview(
        rotatesAt,
        pending.map(k -> k.kid).orElse(null),
        pending.isEmpty(),
        states,
        "{\"keys\":[" + String.join(",", jwks) + "]}");
  }

  private Uni<TokenLifetimes> lifetimes() {
    return TokenLifetimes.read(pool);
  }

  /** After commit: this replica's caches change now, the others on the NOTIFY. */
  private Uni<?> published(Object ignored) {
    notifications.fireLocally();
    return jwks.refresh();
  }

  /** A kid from the path, bounded before it reaches SQL (kids are 22 characters). */
  private static String kid(String kid) {
    return CleanText.require("kid", kid, KID_MAX);
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  private static KeyView view(SigningKey key) {
    return key == null ? null : KeyView.of(key);
  }
}
