package dev.signet.admin.users;

import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.persistence.Conflicts;
import dev.signet.admin.tokens.TokenServiceClient;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.ProblemException;
import dev.signet.common.error.SafeFailures;
import dev.signet.common.tokens.TokenAdminContract;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Lifecycle of people. A person's tokens carry their id as {@code sub} and the {@code user_ver}
 * they were issued under. Every change that must end what the person holds (disable, delete, a
 * change of roles, an explicit revoke) bumps {@code user_ver} and first has token-service record a
 * subject cutoff, which revokes their refresh families and makes their access tokens fail
 * introspection at once; when token-service cannot be reached nothing changes (503), as for service
 * accounts. Each change is audited in its own transaction and announced on {@link
 * DatabaseChannels#USERS_CHANGED}.
 */
@ApplicationScoped
public class UserService {

  private static final Logger LOG = Logger.getLogger(UserService.class);

  private final UserRepository users;
  private final TokenServiceClient tokens;
  private final AuditRecorder audit;
  private final Clock clock;

  UserService(
      UserRepository users,
      @RestClient TokenServiceClient tokens,
      AuditRecorder audit,
      Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
  }

  @WithTransaction
  public Uni<UserView> create(RoleCeiling caller, CreateUserRequest request) {
    String email = EmailAddress.normalise("email", request.email());
    List<String> roles = UserRoles.require(request.roles());
    caller.requireGrantable(roles);
    Instant now = Instant.now(clock);
    User u = User.invited(email, request.displayName(), roles, caller.caller(), now);
    return users
        .findLiveByEmail(email)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ProblemException.conflict(
                    "A user with the address " + email + " already exists: " + existing.id + ".");
              }
            })
        .chain(() -> users.persistAndFlush(u))
        .chain(
            () ->
                audit.record(
                    AuditEvent.builder("admin.user.created")
                        .actor(caller.caller())
                        .target(u.id.toString())
                        .attribute("roles", roles)))
        .chain(() -> announce(u))
        .map(ignored -> UserView.of(u))
        .onFailure()
        .transform(UserService::concurrent);
  }

  @WithSession
  public Uni<Page<UserView>> list(UserFilter filter, PageRequest page) {
    return users
        .list(filter, page.afterSeq().orElse(0L), page.limit() + 1)
        .map(rows -> Page.of(rows, page.limit(), u -> u.seq, UserView::of));
  }

  /** Deleted people are still shown (status deleted): the audit trail names them. */
  @WithSession
  public Uni<UserView> get(UUID id) {
    return require(id).map(UserView::of);
  }

  @WithTransaction
  public Uni<UserView> update(RoleCeiling caller, UUID id, UpdateUserRequest request) {
    List<String> roles = request.roles() == null ? null : UserRoles.require(request.roles());
    caller.requireGrantable(roles);
    return requireLive(id)
        .invoke(caller::requireManageable)
        .call(
            u -> {
              boolean rolesChanged = roles != null && !Set.copyOf(roles).equals(Set.of(u.roles));
              if (!rolesChanged) {
                return Uni.createFrom().voidItem();
              }
              return endEverything(caller.caller(), u, "roles_changed");
            })
        .invoke(
            u -> {
              if (request.displayName() != null) {
                u.displayName = blankToNull(request.displayName().orElse(null));
              }
              if (roles != null) {
                u.roles = roles.toArray(String[]::new);
              }
              u.updatedAt = Instant.now(clock);
            })
        .call(
            u ->
                audit.record(
                    AuditEvent.builder("admin.user.updated")
                        .actor(caller.caller())
                        .target(u.id.toString())
                        .attribute("fields", changedFields(request))
                        .attribute("roles", List.of(u.roles))))
        .call(UserService::announce)
        .call(users::flush)
        .map(UserView::of)
        .onFailure()
        .transform(UserService::concurrent);
  }

  /**
   * Disables, or enables again. An enabled person is active when their address was verified and
   * invited otherwise (they still have an invite to redeem).
   */
  @WithTransaction
  public Uni<UserView> setEnabled(RoleCeiling caller, UUID id, boolean enabled) {
    return requireLive(id)
        .invoke(caller::requireManageable)
        .call(
            u ->
                enabled
                    ? Uni.createFrom().voidItem()
                    : endEverything(caller.caller(), u, "disabled"))
        .invoke(
            u -> {
              u.status = enabled ? (u.emailVerifiedAt != null ? "active" : "invited") : "disabled";
              u.updatedAt = Instant.now(clock);
            })
        .call(
            u ->
                audit.record(
                    AuditEvent.builder(enabled ? "admin.user.enabled" : "admin.user.disabled")
                        .actor(caller.caller())
                        .target(u.id.toString())))
        .call(UserService::announce)
        .call(users::flush)
        .map(UserView::of)
        .onFailure()
        .transform(UserService::concurrent);
  }

  /** Soft delete: the row stays for the audit trail, the address is free for a new invite. */
  @WithTransaction
  public Uni<Void> delete(RoleCeiling caller, UUID id) {
    return requireLive(id)
        .invoke(caller::requireManageable)
        .call(u -> endEverything(caller.caller(), u, "deleted"))
        .invoke(
            u -> {
              Instant now = Instant.now(clock);
              u.status = "deleted";
              u.deletedAt = now;
              u.updatedAt = now;
            })
        .call(
            u ->
                audit.record(
                    AuditEvent.builder("admin.user.deleted")
                        .actor(caller.caller())
                        .target(u.id.toString())))
        .call(UserService::announce)
        .call(users::flush)
        .onFailure()
        .transform(UserService::concurrent)
        .replaceWithVoid();
  }

  /** Ends every token and refresh family the person holds, and bumps user_ver; nothing else. */
  @WithTransaction
  public Uni<UserView> revokeTokens(RoleCeiling caller, UUID id) {
    return requireLive(id)
        .invoke(caller::requireManageable)
        .call(u -> endEverything(caller.caller(), u, "revoked_by_admin"))
        .invoke(u -> u.updatedAt = Instant.now(clock))
        .call(
            u ->
                audit.record(
                    AuditEvent.builder("admin.user.tokens_revoked")
                        .actor(caller.caller())
                        .target(u.id.toString())
                        .attribute("user_ver", u.userVer)))
        .call(UserService::announce)
        .call(users::flush)
        .map(UserView::of)
        .onFailure()
        .transform(UserService::concurrent);
  }

  /**
   * Has token-service record a cutoff for the person's subject, then bumps user_ver. The cutoff
   * comes first: if it fails the transaction rolls back and the admin gets 503, so a person never
   * ends up disabled while their earlier tokens still work.
   */
  private Uni<Void> endEverything(String actor, User u, String reason) {
    return tokens
        .revokeAll(new TokenAdminContract.BulkRevokeRequest(null, u.id.toString(), reason, actor))
        .onFailure()
        .transform(
            failure -> {
              LOG.warnf(
                  "token-service did not record the revocation of user %s's tokens (%s): %s",
                  u.id, reason, SafeFailures.describe(failure));
              return ProblemException.unavailable(
                  "token-service could not revoke the tokens of user "
                      + u.id
                      + ", so nothing was changed; retry shortly.");
            })
        .invoke(ignored -> u.userVer++)
        .replaceWithVoid();
  }

  private Uni<User> require(UUID id) {
    return users
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No user " + id + "."));
  }

  private Uni<User> requireLive(UUID id) {
    return require(id)
        .invoke(
            u -> {
              if (u.deleted()) {
                throw ProblemException.conflict("User " + id + " is deleted.");
              }
            });
  }

  /** NOTIFY is delivered at commit, so listeners never see a change that rolled back. */
  public static Uni<Void> announce(User u) {
    return DatabaseChannels.notifyOnCommit(DatabaseChannels.USERS_CHANGED, u.id.toString());
  }

  /** Two admins racing on one person, or on one address: the loser gets 409 instead of a 500. */
  private static Throwable concurrent(Throwable failure) {
    return Conflicts.translate(
        failure,
        "The user changed meanwhile; read them and retry.",
        "A user with that address already exists.");
  }

  private static List<String> changedFields(UpdateUserRequest r) {
    java.util.ArrayList<String> fields = new java.util.ArrayList<>();
    if (r.displayName() != null) {
      fields.add("display_name");
    }
    if (r.roles() != null) {
      fields.add("roles");
    }
    return fields;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
