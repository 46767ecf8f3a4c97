package dev.signet.admin.invites;

import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.persistence.Conflicts;
import dev.signet.admin.users.EmailAddress;
import dev.signet.admin.users.RoleCeiling;
import dev.signet.admin.users.User;
import dev.signet.admin.users.UserRepository;
import dev.signet.admin.users.UserRoles;
import dev.signet.admin.users.UserService;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.error.Problem;
import dev.signet.common.error.ProblemException;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Invites: the only way a person comes to Signet. An invite names one person (created as {@code
 * invited}, or an invited person invited again); its token is random (256 bits), stored only as
 * versioned HMAC, works once and until the invite's TTL. A new invite for a person withdraws their
 * earlier pending ones, so only the newest link works. Redeeming activates the person, marks the
 * address verified and hands out a key enrollment token.
 */
@ApplicationScoped
public class InviteService {

  private final InviteRepository invites;
  private final UserRepository users;
  private final SecretHasher hasher;
  private final AuditRecorder audit;
  private final InviteConfig config;
  private final KetConfig kets;
  private final Clock clock;

  InviteService(
      InviteRepository invites,
      UserRepository users,
      SecretHasher hasher,
      AuditRecorder audit,
      InviteConfig config,
      KetConfig kets,
      Clock clock) {
    this.invites = invites;
    this.users = users;
    this.hasher = hasher;
    this.audit = audit;
    this.config = config;
    this.kets = kets;
    this.clock = clock;
  }

  /**
   * A stored invite with the token its link carries (the token exists only here and in the mail).
   */
  record Created(Invite invite, User user, String token) {}

  @WithTransaction
  public Uni<Created> create(RoleCeiling caller, CreateInviteRequest request) {
    String email = EmailAddress.normalise("email", request.email());
    List<String> roles = UserRoles.require(request.roles());
    caller.requireGrantable(roles);
    Instant now = Instant.now(clock);
    String token = SecretHasher.newSecret();
    HashedSecret hashed = hasher.hash(token);
    return users
        .findLiveByEmail(email)
        .chain(existing -> invitee(caller, existing, email, request, roles, now))
        .call(user -> invites.withdrawPending(user.id, caller.caller(), "superseded", now))
        .chain(
            user -> {
              Invite i = new Invite();
              i.id = UUID.randomUUID();
              i.userId = user.id;
              i.email = email;
              i.tokenHash = hashed.hash();
              i.hashVersion = hashed.version();
              i.roles = roles.toArray(String[]::new);
              i.invitedBy = caller.caller();
              i.status = "pending";
              i.createdAt = now;
              i.expiresAt = now.plus(config.ttl());
              return invites
                  .persistAndFlush(i)
                  .call(
                      () ->
                          audit.record(
                              AuditEvent.builder("admin.invite.created")
                                  .actor(caller.caller())
                                  .target(i.id.toString())
                                  .attribute("user_id", user.id.toString())
                                  .attribute("roles", roles)
                                  .attribute("expires_at", i.expiresAt.toString())))
                  .map(ignored -> new Created(i, user, token));
            })
        .onFailure()
        .transform(
            f ->
                Conflicts.translate(
                    f,
                    "The person changed meanwhile; retry.",
                    "A person with that address was created meanwhile; retry."));
  }

  /** The person to invite: a new one, or one already invited (never an active or disabled one). */
  private Uni<User> invitee(
      RoleCeiling caller,
      User existing,
      String email,
      CreateInviteRequest request,
      List<String> roles,
      Instant now) {
    if (existing != null) {
      if (!"invited".equals(existing.status)) {
        throw ProblemException.conflict(
            "The person with the address "
                + email
                + " is already "
                + existing.status
                + " ("
                + existing.id
                + "); only an invited person can be invited again.");
      }
      caller.requireManageable(existing);
      existing.roles = roles.toArray(String[]::new);
      if (request.displayName() != null && !request.displayName().isBlank()) {
        existing.displayName = request.displayName().trim();
      }
      existing.updatedAt = now;
      return Uni.createFrom().item(existing).call(UserService::announce);
    }
    User u = User.invited(email, request.displayName(), roles, caller.caller(), now);
    return users
        .persistAndFlush(u)
        .call(
            () ->
                audit.record(
                    AuditEvent.builder("admin.user.created")
                        .actor(caller.caller())
                        .target(u.id.toString())
                        .attribute("roles", roles)
                        .attribute("via", "invite")))
        .call(() -> UserService.announce(u));
  }

  /** The mail could not go out: the invite is withdrawn, so no link exists that nobody got. */
  @WithTransaction
  public Uni<Void> withdrawUndelivered(UUID inviteId, String actor) {
    Instant now = Instant.now(clock);
    return invites
        .findById(inviteId)
        .call(
            i -> {
              if (i == null || !"pending".equals(i.status)) {
                return Uni.createFrom().voidItem();
              }
              revoke(i, actor, "mail_failed", now);
              return audit.record(
                  AuditEvent.builder("admin.invite.mail_failed")
                      .actor(actor)
                      .target(i.id.toString())
                      .attribute("user_id", i.userId.toString()));
            })
        .replaceWithVoid();
  }

  @WithSession
  public Uni<Page<InviteView>> list(InviteFilter filter, PageRequest page) {
    Instant now = Instant.now(clock);
    return invites
        .list(filter, now, page.afterSeq().orElse(0L), page.limit() + 1)
        .map(rows -> Page.of(rows, page.limit(), i -> i.seq, i -> InviteView.of(i, now)));
  }

  @WithSession
  public Uni<InviteView> get(UUID id) {
    return require(id).map(i -> InviteView.of(i, Instant.now(clock)));
  }

  @WithTransaction
  public Uni<InviteView> revoke(RoleCeiling caller, UUID id, String reason) {
    Instant now = Instant.now(clock);
    return require(id)
        .invoke(
            i -> {
              String state = i.state(now);
              if (!"pending".equals(state)) {
                throw ProblemException.conflict(
                    "Invite " + id + " is " + state + "; only a pending invite can be revoked.");
              }
              revoke(i, caller.caller(), reason == null ? "revoked_by_admin" : reason, now);
            })
        .call(
            i ->
                audit.record(
                    AuditEvent.builder("admin.invite.revoked")
                        .actor(caller.caller())
                        .target(i.id.toString())
                        .attribute("reason", i.revokeReason)))
        .call(invites::flush)
        .map(i -> InviteView.of(i, now))
        .onFailure()
        .transform(
            f ->
                Conflicts.translate(
                    f,
                    "The invite changed meanwhile; read it and retry.",
                    "The invite changed meanwhile; read it and retry."));
  }

  /**
   * Redeems an invite once. An unknown invite and a wrong token get the same 404, so the link's
   * parts cannot be probed one at a time; a used, withdrawn or expired invite (with the right
   * token) gets 410 saying which.
   */
  @WithTransaction
  public Uni<Redemption> redeem(UUID id, String token) {
    Instant now = Instant.now(clock);
    String ket = SecretHasher.newSecret();
    HashedSecret ketHash = hasher.hash(ket);
    return invites
        .findById(id)
        .invoke(
            i -> {
              if (i == null || !hasher.matches(token, i.tokenHash, i.hashVersion)) {
                throw ProblemException.notFound("No invite matches this link.");
              }
              String state = i.state(now);
              if (!"pending".equals(state)) {
                throw gone(
                    switch (state) {
                      case "redeemed" -> "This invite was already used.";
                      case "revoked" -> "This invite was withdrawn; ask for a new one.";
                      default -> "This invite has expired; ask for a new one.";
                    });
              }
              i.status = "redeemed";
              i.redeemedAt = now;
            })
        .chain(i -> users.findById(i.userId).map(u -> activate(i, u, now)))
        .call(UserService::announce)
        .chain(
            u -> {
              KeyEnrollmentToken k = new KeyEnrollmentToken();
              k.id = UUID.randomUUID();
              k.userId = u.id;
              k.inviteId = id;
              k.tokenHash = ketHash.hash();
              k.hashVersion = ketHash.version();
              k.createdAt = now;
              k.expiresAt = now.plus(kets.ttl());
              return k.persist()
                  .call(
                      () ->
                          audit.record(
                              AuditEvent.builder("admin.invite.redeemed")
                                  .actor(u.id.toString())
                                  .target(id.toString())
                                  .attribute("user_id", u.id.toString())))
                  .call(invites::flush)
                  .map(ignored -> new Redemption(u.id, u.email, ket, k.expiresAt));
            })
        .onFailure()
        .transform(
            f ->
                Conflicts.translate(
                    f, "This invite was used meanwhile.", "This invite was used meanwhile."));
  }

  private static User activate(Invite invite, User u, Instant now) {
    if (u == null || u.deleted() || !"invited".equals(u.status)) {
      throw gone("The person this invite was for is no longer invited.");
    }
    u.status = "active";
    u.emailVerifiedAt = now;
    u.updatedAt = now;
    return u;
  }

  private static void revoke(Invite i, String actor, String reason, Instant now) {
    i.status = "revoked";
    i.revokedAt = now;
    i.revokedBy = actor;
    i.revokeReason = reason;
  }

  private Uni<Invite> require(UUID id) {
    return invites
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No invite " + id + "."));
  }

  private static ProblemException gone(String detail) {
    return new ProblemException(Problem.of(410, "gone", "Gone", detail));
  }
}
