package dev.signet.token.refresh;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.token.metrics.TokenMetrics;
import dev.signet.token.oauth.OAuthRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Refresh token families: issue, rotate, detect reuse, revoke. Methods that change rows take the
 * caller's transaction ({@code tx}); the presented token's row is locked ({@code FOR UPDATE}), so
 * two concurrent uses of one token are serialised and the second sees it rotated.
 *
 * <p>A successor's value is derived from its parent (HMAC of the parent under the server key), so a
 * retry within the grace window gets the very successor it was already given, not a new branch.
 */
@ApplicationScoped
public class RefreshRotation {

  private static final String SUCCESSOR_LABEL = "signet-refresh-successor:";

  /** A usable refresh token: its value (only ever returned once per issuance) and its row. */
  public record Issued(String value, RefreshToken row) {}

  /** What presenting a refresh token led to. */
  public sealed interface Outcome {}

  /** The token was valid (or retried in the grace window); here is its successor. */
  public record Rotated(Issued successor, RefreshToken presented, boolean graceRetry)
      implements Outcome {}

  /** The token had been rotated already: its family is now revoked. */
  public record Reused(UUID familyId) implements Outcome {}

  /** Unknown, another client's, expired or revoked. */
  public record Invalid(String reason) implements Outcome {}

  private final SecretHasher hasher;
  private final AuditRecorder audit;
  private final TokenMetrics metrics;
  private final Clock clock;

  RefreshRotation(SecretHasher hasher, AuditRecorder audit, TokenMetrics metrics, Clock clock) {
    this.hasher = hasher;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Starts a new family. */
  public Uni<Issued> startFamily(
      SqlConnection tx,
      UUID familyId,
      String clientId,
      String subject,
      String scope,
      String audience,
      long ttlSeconds,
      OAuthRequest request) {
    String value = SecretHasher.newSecret();
    RefreshToken row = newRow(value, familyId, null, 0, clientId, subject, scope, audience);
    row.familyStartedAt = row.issuedAt;
    row.expiresAt = row.issuedAt.plusSeconds(ttlSeconds);
    row.ip = request.ip();
    row.userAgent = truncate(request.userAgent());
    return insert(tx, row).replaceWith(new Issued(value, row));
  }

  /**
   * Presents a refresh token for rotation; see {@link Outcome}. The successor expires after the
   * sliding {@code ttlSeconds}, but never later than the family's start plus {@code
   * maxLifetimeSeconds}; a family past that is refused.
   */
  public Uni<Outcome> rotate(
      SqlConnection tx,
      String presented,
      String clientId,
      long ttlSeconds,
      long maxLifetimeSeconds,
      int graceSeconds,
      OAuthRequest request) {
    return findByHash(tx, hasher.candidates(presented), 0, " FOR UPDATE")
        .chain(
            row -> {
              Instant now = Instant.now(clock);
              if (row == null) {
                return Uni.createFrom().item(new Invalid("unknown"));
              }
              if (!row.clientId.equals(clientId)) {
                return Uni.createFrom().item(new Invalid("other_client"));
              }
              switch (row.status) {
                case RefreshToken.ACTIVE:
                  if (!row.expiresAt.isAfter(now)) {
                    return tx.preparedQuery("UPDATE refresh_tokens SET status = $2 WHERE id = $1")
                        .execute(Tuple.of(row.id, RefreshToken.EXPIRED))
                        .replaceWith(new Invalid("expired"));
                  }
                  Instant familyEnd = familyStart(row).plusSeconds(maxLifetimeSeconds);
                  if (!familyEnd.isAfter(now)) {
                    return tx.preparedQuery("UPDATE refresh_tokens SET status = $2 WHERE id = $1")
                        .execute(Tuple.of(row.id, RefreshToken.EXPIRED))
                        .replaceWith(new Invalid("family_lifetime"));
                  }
                  return rotateActive(tx, presented, row, ttlSeconds, familyEnd, now, request);
                case RefreshToken.ROTATED:
                  return retryOrReuse(tx, presented, row, graceSeconds, now, request);
                default:
                  return Uni.createFrom().item(new Invalid(row.status));
              }
            });
  }

  /** Rows written before family_started_at existed fall back to their own issue time. */
  private static Instant familyStart(RefreshToken row) {
    return row.familyStartedAt != null ? row.familyStartedAt : row.issuedAt;
  }

  /** The row whose hash matches one of the candidates (one per HMAC key version), or null. */
  private static Uni<RefreshToken> findByHash(
      SqlClient client, List<HashedSecret> candidates, int i, String lock) {
    if (i >= candidates.size()) {
      return Uni.createFrom().nullItem();
    }
    return client
        .preparedQuery(
            "SELECT " + RefreshToken.COLUMNS + " FROM refresh_tokens WHERE token_hash = $1" + lock)
        .execute(Tuple.tuple().addBuffer(Buffer.buffer(candidates.get(i).hash())))
        .chain(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              return it.hasNext()
                  ? Uni.createFrom().item(RefreshToken.from(it.next()))
                  : findByHash(client, candidates, i + 1, lock);
            });
  }

  private static Uni<Void> insert(SqlConnection tx, RefreshToken row) {
    return tx.preparedQuery(RefreshToken.INSERT).execute(row.insertValues()).replaceWithVoid();
  }

  private Uni<Outcome> rotateActive(
      SqlConnection tx,
      String presented,
      RefreshToken row,
      long ttlSeconds,
      Instant familyEnd,
      Instant now,
      OAuthRequest request) {
    String value = successorValue(presented, row.hashVersion);
    RefreshToken next =
        newRow(
            value,
            row.familyId,
            row.id,
            row.rotationCount + 1,
            row.clientId,
            row.subject,
            row.scope,
            row.audience);
    next.familyStartedAt = familyStart(row);
    Instant sliding = now.plusSeconds(ttlSeconds);
    next.expiresAt = sliding.isBefore(familyEnd) ? sliding : familyEnd;
    next.ip = request.ip();
    next.userAgent = truncate(request.userAgent());
    row.status = RefreshToken.ROTATED;
    row.successorId = next.id;
    row.rotatedAt = now;
    return insert(tx, next)
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE refresh_tokens SET status = $2, successor_id = $3, rotated_at = $4"
                            + " WHERE id = $1")
                    .execute(Tuple.of(row.id, row.status, row.successorId, RefreshToken.at(now))))
        .chain(
            () ->
                audit.record(
                    tx,
                    AuditEvent.builder("refresh_token.rotated")
                        .actor(row.clientId)
                        .subject(row.subject)
                        .target("refresh_family/" + row.familyId)
                        .attribute("rotation_count", next.rotationCount)
                        .attribute("ip", request.ip())))
        .replaceWith(new Rotated(new Issued(value, next), row, false));
  }

  private Uni<Outcome> retryOrReuse(
      SqlConnection tx,
      String presented,
      RefreshToken row,
      int graceSeconds,
      Instant now,
      OAuthRequest request) {
    boolean inGrace =
        graceSeconds > 0
            && row.rotatedAt != null
            && !row.rotatedAt.plusSeconds(graceSeconds).isBefore(now)
            && row.successorId != null;
    Uni<RefreshToken> successor =
        inGrace
            ? tx.preparedQuery(
                    "SELECT " + RefreshToken.COLUMNS + " FROM refresh_tokens WHERE id = $1")
                .execute(Tuple.of(row.successorId))
                .map(
                    rows -> {
                      RowIterator<Row> it = rows.iterator();
                      return it.hasNext() ? RefreshToken.from(it.next()) : null;
                    })
            : Uni.createFrom().nullItem();
    return successor.chain(
        next -> {
          if (next != null && RefreshToken.ACTIVE.equals(next.status)) {
            String value = successorValue(presented, row.hashVersion);
            return Uni.createFrom().item((Outcome) new Rotated(new Issued(value, next), row, true));
          }
          return reuse(tx, row, now, request);
        });
  }

  private Uni<Outcome> reuse(
      SqlConnection tx, RefreshToken row, Instant now, OAuthRequest request) {
    metrics.reuseIncident();
    return revokeFamily(tx, row.familyId, "reuse_detected", now)
        .chain(
            count ->
                audit.record(
                    tx,
                    AuditEvent.builder("incident.refresh_token_reuse")
                        .actor(row.clientId)
                        .subject(row.subject)
                        .target("refresh_family/" + row.familyId)
                        .outcome(AuditOutcome.DENIED)
                        .attribute("family_id", row.familyId.toString())
                        .attribute("client_id", row.clientId)
                        .attribute("token_id", row.id.toString())
                        .attribute("rotation_count", row.rotationCount)
                        .attribute("revoked_tokens", count)
                        .attribute("ip", request.ip())
                        .attribute("user_agent", truncate(request.userAgent()))))
        .replaceWith(new Reused(row.familyId));
  }

  /** Revokes every still-usable member of a family; returns how many rows changed. */
  public Uni<Integer> revokeFamily(SqlConnection tx, UUID familyId, String reason, Instant now) {
    return tx.preparedQuery(
            "UPDATE refresh_tokens SET status = $1, revoked_at = $2, revoke_reason = $3"
                + " WHERE family_id = $4 AND status IN ($5, $6)")
        .execute(
            Tuple.of(
                RefreshToken.REVOKED,
                RefreshToken.at(now),
                reason,
                familyId,
                RefreshToken.ACTIVE,
                RefreshToken.ROTATED))
        .map(rows -> rows.rowCount())
        .call(
            count ->
                audit.record(
                    tx,
                    AuditEvent.builder("refresh_token.family_revoked")
                        .target("refresh_family/" + familyId)
                        .attribute("reason", reason)
                        .attribute("revoked_tokens", count)));
  }

  /**
   * Finds a token by its value without locking, for introspection (through the pool) and revocation
   * (in its transaction).
   */
  public Uni<RefreshToken> find(SqlClient client, String presented) {
    return findByHash(client, hasher.candidates(presented), 0, "");
  }

  private RefreshToken newRow(
      String value,
      UUID familyId,
      UUID parentId,
      int rotationCount,
      String clientId,
      String subject,
      String scope,
      String audience) {
    HashedSecret hashed = hasher.hash(value);
    RefreshToken row = new RefreshToken();
    row.id = UUID.randomUUID();
    row.tokenHash = hashed.hash();
    row.hashVersion = hashed.version();
    row.familyId = familyId;
    row.parentId = parentId;
    row.clientId = clientId;
    row.subject = subject;
    row.scope = scope == null ? "" : scope;
    row.audience = audience;
    row.status = RefreshToken.ACTIVE;
    row.rotationCount = rotationCount;
    row.issuedAt = Instant.now(clock);
    return row;
  }

  /** The successor's value: keyed by the version that hashed the parent, so it never drifts. */
  private String successorValue(String presented, int version) {
    for (HashedSecret candidate : hasher.candidates(SUCCESSOR_LABEL + presented)) {
      if (candidate.version() == version) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(candidate.hash());
      }
    }
    // The parent's key version is gone: the parent itself could not have been found.
    throw new IllegalStateException("no HMAC key version " + version);
  }

  private static String truncate(String value) {
    return value == null || value.length() <= 512 ? value : value.substring(0, 512);
  }
}
