package dev.signet.token.revoke;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.InvalidTokenException;
import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.token.refresh.RefreshRotation;
import dev.signet.token.refresh.RefreshToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;

/**
 * RFC 7009 revocation. Access tokens go to the jti denylist until they expire; a refresh token
 * revokes its whole family. A client only revokes its own tokens; anything else (unknown, expired,
 * another client's) is answered like success so nothing is learned from the answer.
 */
@ApplicationScoped
public class Revocation {

  private static final Logger LOG = Logger.getLogger(Revocation.class);

  private final TokenVerifier verifier;
  private final RefreshRotation refresh;
  private final AuditRecorder audit;
  private final Clock clock;
  private final Pool pool;

  Revocation(
      TokenVerifier verifier,
      RefreshRotation refresh,
      AuditRecorder audit,
      Clock clock,
      Pool pool) {
    this.verifier = verifier;
    this.refresh = refresh;
    this.audit = audit;
    this.clock = clock;
    this.pool = pool;
  }

  public Uni<Void> revoke(String token, String callerClientId) {
    if (token.chars().filter(c -> c == '.').count() == 2) {
      // A token that is not good is answered like success (RFC 7009 section 2.2); a check that
      // could not be made (keys unreadable) fails the request instead, so the client retries
      // rather than believing a revocation that did not happen.
      return verifier
          .verify(token)
          .onFailure(InvalidTokenException.class)
          .recoverWithNull()
          .chain(
              verified ->
                  verified == null
                      ? Uni.createFrom().voidItem()
                      : pool.withTransaction(
                          tx -> revokeAccessToken(tx, verified, callerClientId)));
    }
    return pool.withTransaction(tx -> revokeRefreshToken(tx, token, callerClientId));
  }

  Uni<Void> revokeAccessToken(SqlConnection tx, VerifiedToken token, String callerClientId) {
    String jti;
    String clientId;
    Instant expires;
    try {
      jti = token.jti();
      clientId = token.clientId();
      expires = Instant.ofEpochSecond(token.claims().getExpirationTime().getValue());
    } catch (MalformedClaimException | RuntimeException e) {
      LOG.debugf("revocation of a token without usable claims ignored: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (jti == null || !callerClientId.equals(clientId)) {
      return Uni.createFrom().voidItem();
    }
    // A jti already on the denylist changes nothing and is not audited again.
    return tx.preparedQuery(
            "INSERT INTO revoked_jtis (jti, client_id, subject, reason, revoked_at, expires_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (jti) DO NOTHING")
        .execute(
            Tuple.tuple()
                .addString(jti)
                .addString(clientId)
                .addString(token.subject())
                .addString("client_revocation")
                .addOffsetDateTime(Instant.now(clock).atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(expires.atOffset(ZoneOffset.UTC)))
        .chain(
            inserted -> {
              if (inserted.rowCount() == 0) {
                return Uni.createFrom().voidItem();
              }
              return audit
                  .record(
                      tx,
                      AuditEvent.builder("token.revoked")
                          .actor(callerClientId)
                          .subject(token.subject())
                          .target("jti/" + jti)
                          .attribute("token_type", "access_token"))
                  .replaceWithVoid();
            });
  }

  Uni<Void> revokeRefreshToken(SqlConnection tx, String token, String callerClientId) {
    return refresh
        .find(tx, token)
        .chain(
            row -> {
              if (row == null
                  || !row.clientId.equals(callerClientId)
                  || !(RefreshToken.ACTIVE.equals(row.status)
                      || RefreshToken.ROTATED.equals(row.status))) {
                return Uni.createFrom().voidItem();
              }
              return refresh
                  .revokeFamily(tx, row.familyId, "client_revocation", Instant.now(clock))
                  .chain(
                      count ->
                          audit.record(
                              tx,
                              AuditEvent.builder("token.revoked")
                                  .actor(callerClientId)
                                  .subject(row.subject)
                                  .target("refresh_family/" + row.familyId)
                                  .attribute("token_type", "refresh_token")))
                  .replaceWithVoid();
            });
  }
}
