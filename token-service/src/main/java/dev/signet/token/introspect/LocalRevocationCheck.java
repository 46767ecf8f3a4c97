package dev.signet.token.introspect;

import dev.signet.common.auth.RevocationCheck;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.tokens.SignetClaims;
import dev.signet.token.admin.RevocationCutoffs;
import dev.signet.token.client.ServiceAccountRepository;
import dev.signet.token.grant.AccessTokenIssuer;
import dev.signet.token.refresh.RefreshToken;
import dev.signet.token.user.UserDirectory;
import dev.signet.token.user.UserTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jose4j.jwt.MalformedClaimException;

/**
 * token-service owns the revocation state, so it checks its own tables: the RFC 7009 jti denylist,
 * the client/subject-wide "revoked before" cutoffs and the token's refresh family ({@code sid}).
 * The token's client must also still be an active, unexpired account (cached, dropped on NOTIFY).
 * Used by introspection and for the bearer tokens of token-service's own APIs; replaces common's
 * introspection-based check here. A delegated token also ends with its grant ({@code
 * revoked_delegation_grants}). A failure to check is a failure, never "revoked".
 */
@ApplicationScoped
public class LocalRevocationCheck implements RevocationCheck {

  private final Pool pool;
  private final ServiceAccountRepository accounts;
  private final UserDirectory users;
  private final Clock clock;

  LocalRevocationCheck(
      Pool pool, ServiceAccountRepository accounts, UserDirectory users, Clock clock) {
    this.pool = pool;
    this.accounts = accounts;
    this.users = users;
    this.clock = clock;
  }

  /**
   * A person's token is dead once the person is not active, their user_ver went past the token's,
   * or the key it was logged in with ({@code akid}) was revoked. Read through the person cache,
   * which admin-api's NOTIFY empties within a round trip.
   */
  private Uni<Boolean> userRevoked(VerifiedToken token) {
    Object type = token.claims().getClaimValue(SignetClaims.PRINCIPAL_TYPE);
    Object ver = token.claims().getClaimValue(UserTokens.USER_VER);
    if (!SignetClaims.PRINCIPAL_USER.equals(type) && ver == null) {
      return Uni.createFrom().item(false);
    }
    if (!(ver instanceof Number tokenVer)) {
      return Uni.createFrom().item(true);
    }
    Object akid = token.claims().getClaimValue(UserTokens.AKID);
    return users
        .find(token.subject())
        .map(
            found ->
                found.isEmpty()
                    || !found.get().active()
                    || tokenVer.longValue() < found.get().userVer()
                    || (akid != null && found.get().usableKey(akid.toString()).isEmpty()));
  }

  /**
   * Denylist, cutoffs and family in one round trip: introspection is on resource servers' hot path.
   */
  private static final String REVOKED =
      "SELECT EXISTS (SELECT 1 FROM revoked_jtis WHERE jti = $1)"
          + " OR EXISTS (SELECT 1 FROM token_revocation_cutoffs WHERE "
          + RevocationCutoffs.covers("$2", "$3", "$4")
          + ") OR ($5::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM refresh_tokens"
          + " WHERE family_id = $5::uuid AND status = '"
          + RefreshToken.REVOKED
          + "')) OR ($6::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM revoked_delegation_grants"
          + " WHERE grant_id = $6::uuid))";

  @Override
  public Uni<Boolean> revoked(String jwt, VerifiedToken token) {
    if (token.jti() == null || token.clientId() == null) {
      return Uni.createFrom().item(true);
    }
    OffsetDateTime issuedAt;
    UUID family;
    UUID grant;
    try {
      issuedAt = RevocationCutoffs.issuedAt(token).orElse(null);
      Object sid = token.claims().getClaimValue(AccessTokenIssuer.SID);
      family = sid == null ? null : UUID.fromString(sid.toString());
      // A delegated token ends with its grant (delegation-service's revocation, GrantRevocations).
      Object grantId = token.claims().getClaimValue(SignetClaims.DELEGATION_GRANT);
      grant = grantId == null ? null : UUID.fromString(grantId.toString());
    } catch (MalformedClaimException | IllegalArgumentException e) {
      return Uni.createFrom().item(true);
    }
    return userRevoked(token)
        .chain(
            userGone ->
                userGone
                    ? Uni.createFrom().item(true)
                    : clientRevoked(token, issuedAt, family, grant));
  }

  private Uni<Boolean> clientRevoked(
      VerifiedToken token, OffsetDateTime issuedAt, UUID family, UUID grant) {
    return accounts
        .findByClientId(token.clientId())
        .chain(
            account -> {
              // Disabled, deleted or expired: every token of the account ends with it.
              if (account.isEmpty() || !account.get().active(Instant.now(clock))) {
                return Uni.createFrom().item(true);
              }
              return pool.preparedQuery(REVOKED)
                  .execute(
                      Tuple.tuple()
                          .addString(token.jti())
                          .addString(token.clientId())
                          .addString(token.subject())
                          .addOffsetDateTime(issuedAt)
                          .addUUID(family)
                          .addUUID(grant))
                  .map(rows -> rows.iterator().next().getBoolean(0));
            });
  }
}
