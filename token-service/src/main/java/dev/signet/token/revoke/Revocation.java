package dev.signet.token.revoke;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.token.refresh.RefreshRotation;
import dev.signet.token.refresh.RefreshToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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

  Revocation(TokenVerifier verifier, RefreshRotation refresh, AuditRecorder audit, Clock clock) {
    this.verifier = verifier;
    this.refresh = refresh;
    this.audit = audit;
    this.clock = clock;
  }

  public Uni<Void> revoke(String token, String callerClientId) {
    if (token.chars().filter(c -> c == '.').count() == 2) {
      return verifier
          .verify(token)
          .onFailure()
          .recoverWithNull()
          .chain(
              verified ->
                  verified == null
                      ? Uni.createFrom().voidItem()
                      : Panache.withTransaction(() -> revokeAccessToken(verified, callerClientId)));
    }
    return Panache.withTransaction(() -> revokeRefreshToken(token, callerClientId));
  }

  Uni<Void> revokeAccessToken(VerifiedToken token, String callerClientId) {
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
    return RevokedJti.<RevokedJti>findById(jti)
        .chain(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().voidItem();
              }
              RevokedJti row = new RevokedJti();
              row.jti = jti;
              row.clientId = clientId;
              row.subject = token.subject();
              row.reason = "client_revocation";
              row.revokedAt = Instant.now(clock);
              row.expiresAt = expires;
              return row.persist()
                  .chain(
                      () ->
                          audit.record(
                              AuditEvent.builder("token.revoked")
                                  .actor(callerClientId)
                                  .subject(token.subject())
                                  .target("jti/" + jti)
                                  .attribute("token_type", "access_token")))
                  .replaceWithVoid();
            });
  }

  Uni<Void> revokeRefreshToken(String token, String callerClientId) {
    return refresh
        .find(token)
        .chain(
            row -> {
              if (row == null
                  || !row.clientId.equals(callerClientId)
                  || !(RefreshToken.ACTIVE.equals(row.status)
                      || RefreshToken.ROTATED.equals(row.status))) {
                return Uni.createFrom().voidItem();
              }
              return refresh
                  .revokeFamily(row.familyId, "client_revocation", Instant.now(clock))
                  .chain(
                      count ->
                          audit.record(
                              AuditEvent.builder("token.revoked")
                                  .actor(callerClientId)
                                  .subject(row.subject)
                                  .target("refresh_family/" + row.familyId)
                                  .attribute("token_type", "refresh_token")))
                  .replaceWithVoid();
            });
  }
}
