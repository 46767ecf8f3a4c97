package dev.signet.token.admin;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.config.ServiceConfig;
import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.TokenAdminContract;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Admin revocations on behalf of admin-api: one family, or everything of a client or subject. Each
 * runs in one transaction with its audit event, which names the acting admin. Family revocation is
 * RefreshRotation's; this class only decides which families and records who asked.
 */
@ApplicationScoped
public class TokenAdministration {

  static final String DEFAULT_REASON = "admin_revocation";

  private final RefreshRotation refresh;
  private final RevocationCutoffs cutoffs;
  private final AuditRecorder audit;
  private final ServiceConfig service;
  private final Clock clock;
  private final Pool pool;

  TokenAdministration(
      RefreshRotation refresh,
      RevocationCutoffs cutoffs,
      AuditRecorder audit,
      ServiceConfig service,
      Clock clock,
      Pool pool) {
    this.pool = pool;
    this.refresh = refresh;
    this.cutoffs = cutoffs;
    this.audit = audit;
    this.service = service;
    this.clock = clock;
  }

  /** Revokes every still-usable token of a family; 404 when no token of it exists. */
  public Uni<TokenAdminContract.FamilyRevocation> revokeFamily(
      UUID familyId, TokenAdminContract.RevokeRequest request) {
    String reason = reason(request.reason());
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT count(*) FROM refresh_tokens WHERE family_id = $1")
                .execute(Tuple.of(familyId))
                .chain(
                    rows -> {
                      if (rows.iterator().next().getLong(0) == 0) {
                        throw ProblemException.notFound("No refresh token family " + familyId);
                      }
                      return refresh.revokeFamily(tx, familyId, reason, Instant.now(clock));
                    })
                .call(
                    count ->
                        audit.record(
                            tx,
                            AuditEvent.builder("token.admin_revoked")
                                .actor(request.actor())
                                .target("refresh_family/" + familyId)
                                .attribute("token_type", "refresh_token")
                                .attribute("reason", reason)
                                .attribute("revoked_tokens", count)))
                .map(count -> new TokenAdminContract.FamilyRevocation(familyId, count)));
  }

  /**
   * Revokes everything of exactly one client or subject: its refresh families, the access tokens
   * token-service's issuance events still list as unexpired (into revoked_jtis), and a "revoked
   * before" cutoff for all its other access tokens.
   */
  public Uni<TokenAdminContract.BulkRevocation> revokeAll(
      TokenAdminContract.BulkRevokeRequest request) {
    boolean byClient = present(request.clientId());
    if (byClient == present(request.subject())) {
      throw ProblemException.badRequest("Give exactly one of client_id or subject.");
    }
    String kind = byClient ? RevocationCutoffs.CLIENT : RevocationCutoffs.SUBJECT;
    String value = byClient ? request.clientId() : request.subject();
    String reason = reason(request.reason());
    return pool.withTransaction(
        tx -> {
          Instant now = Instant.now(clock);
          return liveFamilies(tx, byClient, value)
              .chain(families -> revokeEach(tx, families, 0, reason, now, new int[2]))
              .chain(
                  counts ->
                      denylist(tx, byClient, value, reason, now)
                          .call(() -> cutoffs.raise(tx, kind, value, now, reason, request.actor()))
                          .map(
                              jtis ->
                                  new TokenAdminContract.BulkRevocation(
                                      byClient ? value : null,
                                      byClient ? null : value,
                                      counts[0],
                                      counts[1],
                                      jtis,
                                      now)))
              .call(
                  result ->
                      audit.record(
                          tx,
                          AuditEvent.builder("token.admin_revoked_all")
                              .actor(request.actor())
                              .subject(byClient ? null : value)
                              .target(kind + "/" + value)
                              .attribute("reason", reason)
                              .attribute("revoked_families", result.revokedFamilies())
                              .attribute("revoked_refresh_tokens", result.revokedRefreshTokens())
                              .attribute("denylisted_jtis", result.denylistedJtis())
                              .attribute("revoked_before", now.toString())));
        });
  }

  private static Uni<List<UUID>> liveFamilies(SqlConnection tx, boolean byClient, String value) {
    return tx.preparedQuery(
            "SELECT DISTINCT family_id FROM refresh_tokens WHERE "
                + (byClient ? "client_id" : "subject")
                + " = $1 AND status IN ($2, $3)")
        .execute(Tuple.of(value, RefreshToken.ACTIVE, RefreshToken.ROTATED))
        .map(
            rows -> {
              List<UUID> families = new ArrayList<>();
              rows.forEach(row -> families.add(row.getUUID(0)));
              return families;
            });
  }

  /** Sequentially (one session): counts[0] families changed, counts[1] tokens changed. */
  private Uni<int[]> revokeEach(
      SqlConnection tx, List<UUID> families, int i, String reason, Instant now, int[] counts) {
    if (i >= families.size()) {
      return Uni.createFrom().item(counts);
    }
    return refresh
        .revokeFamily(tx, families.get(i), reason, now)
        .chain(
            changed -> {
              if (changed > 0) {
                counts[0]++;
                counts[1] += changed;
              }
              return revokeEach(tx, families, i + 1, reason, now, counts);
            });
  }

  /**
   * Puts the unexpired access tokens of the client/subject that token-service's own issuance events
   * list (target {@code jti/<jti>}, attribute expires_at) on the denylist.
   */
  private Uni<Integer> denylist(
      SqlConnection tx, boolean byClient, String value, String reason, Instant now) {
    String who = byClient ? "e ->> 'actor'" : "e ->> 'subject'";
    String sql =
        "INSERT INTO revoked_jtis (jti, client_id, subject, reason, revoked_at, expires_at)"
            + " SELECT substr(e ->> 'target', 5), e ->> 'actor', e ->> 'subject', $1::text,"
            + " $2::timestamptz, (e -> 'attributes' ->> 'expires_at')::timestamptz"
            + " FROM (SELECT (payload #>> '{}')::jsonb AS e FROM outbox"
            + " WHERE event_type = 'token.issued' AND service = $3) issued"
            + " WHERE "
            + who
            + " = $4 AND e ->> 'target' LIKE 'jti/%'"
            + " AND e -> 'attributes' ->> 'expires_at' IS NOT NULL"
            + " AND (e -> 'attributes' ->> 'expires_at')::timestamptz > $2::timestamptz"
            + " ON CONFLICT (jti) DO NOTHING";
    return tx.preparedQuery(sql)
        .execute(Tuple.of(reason, now.atOffset(ZoneOffset.UTC), service.name(), value))
        .map(rows -> rows.rowCount());
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String reason(String reason) {
    return present(reason) ? reason : DEFAULT_REASON;
  }
}
