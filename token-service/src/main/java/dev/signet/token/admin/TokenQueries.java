package dev.signet.token.admin;

import dev.signet.common.config.ServiceConfig;
import dev.signet.common.error.ProblemException;
import dev.signet.common.tokens.TokenAdminContract;
import dev.signet.token.refresh.RefreshToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Read side of token administration: refresh families by client or subject, and what is known about
 * one token id. Refresh tokens are rows of refresh_tokens; access tokens are known from
 * revoked_jtis and from token-service's own token.issued audit rows in the outbox.
 */
@ApplicationScoped
public class TokenQueries {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final Set<String> FAMILY_STATUSES = Set.of("active", "revoked", "expired");
  private static final Pattern JTI = Pattern.compile("[A-Za-z0-9._~:+/=-]{1,200}");

  private final Pool pool;
  private final RevocationCutoffs cutoffs;
  private final ServiceConfig service;
  private final Clock clock;

  TokenQueries(Pool pool, RevocationCutoffs cutoffs, ServiceConfig service, Clock clock) {
    this.pool = pool;
    this.cutoffs = cutoffs;
    this.service = service;
    this.clock = clock;
  }

  /** Keyset position: the family's first issuance and its id, newest first. */
  record Cursor(Instant issuedAt, UUID familyId) {

    String encode() {
      String raw = issuedAt.getEpochSecond() + "." + issuedAt.getNano() + "." + familyId;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String value) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        String[] parts = raw.split("\\.", 3);
        return new Cursor(
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
            UUID.fromString(parts[2]));
      } catch (RuntimeException e) {
        throw ProblemException.badRequest("cursor is not one this API returned.");
      }
    }
  }

  private static final String FAMILIES =
      "WITH f AS (SELECT family_id, min(client_id) AS client_id, min(subject) AS subject,"
          + " (array_agg(scope ORDER BY rotation_count))[1] AS scope,"
          + " max(rotation_count) AS rotation_count, min(issued_at) AS issued_at,"
          + " max(rotated_at) AS last_rotated_at, max(expires_at) AS expires_at,"
          + " max(revoked_at) AS revoked_at,"
          + " (array_agg(revoke_reason ORDER BY revoked_at DESC NULLS LAST))[1] AS revoke_reason,"
          + " CASE WHEN bool_or(status = 'revoked') THEN 'revoked'"
          + " WHEN bool_or(status = 'active' AND expires_at > $2) THEN 'active'"
          + " ELSE 'expired' END AS status"
          + " FROM refresh_tokens WHERE %s = $1 GROUP BY family_id)"
          + " SELECT * FROM f WHERE ($3::text IS NULL OR status = $3)"
          + " AND ($4::timestamptz IS NULL OR (issued_at, family_id) < ($4, $5::uuid))"
          + " ORDER BY issued_at DESC, family_id DESC LIMIT $6";

  /** Families of exactly one of client or subject, newest first. */
  public Uni<TokenAdminContract.FamilyPage> families(
      String clientId, String subject, String status, Integer limit, String cursor) {
    boolean byClient = clientId != null && !clientId.isBlank();
    boolean bySubject = subject != null && !subject.isBlank();
    if (byClient == bySubject) {
      throw ProblemException.badRequest("Give exactly one of client_id or subject.");
    }
    if (status != null && !FAMILY_STATUSES.contains(status)) {
      throw ProblemException.badRequest("status must be one of active, revoked, expired.");
    }
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ".");
    }
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
    String sql = FAMILIES.formatted(byClient ? "client_id" : "subject");
    Tuple args =
        Tuple.tuple()
            .addString(byClient ? clientId : subject)
            .addOffsetDateTime(Instant.now(clock).atOffset(ZoneOffset.UTC))
            .addString(status)
            .addOffsetDateTime(after == null ? null : after.issuedAt().atOffset(ZoneOffset.UTC))
            .addUUID(after == null ? null : after.familyId())
            .addInteger(size + 1);
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<TokenAdminContract.Family> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(
                    new TokenAdminContract.Family(
                        row.getUUID("family_id"),
                        row.getString("client_id"),
                        row.getString("subject"),
                        row.getString("scope"),
                        row.getString("status"),
                        row.getInteger("rotation_count"),
                        instant(row, "issued_at"),
                        instant(row, "last_rotated_at"),
                        instant(row, "expires_at"),
                        instant(row, "revoked_at"),
                        row.getString("revoke_reason")));
              }
              String next = null;
              if (items.size() > size) {
                items = new ArrayList<>(items.subList(0, size));
                var last = items.get(size - 1);
                next = new Cursor(last.issuedAt(), last.familyId()).encode();
              }
              return new TokenAdminContract.FamilyPage(items, next);
            });
  }

  /** Everything known about a token id; 404 when nothing. */
  public Uni<TokenAdminContract.TokenInfo> lookup(String jti) {
    if (jti == null || !JTI.matcher(jti).matches()) {
      throw ProblemException.badRequest("Not a token id.");
    }
    Optional<UUID> id = uuid(jti);
    Uni<TokenAdminContract.TokenInfo> refreshToken =
        id.isEmpty() ? Uni.createFrom().nullItem() : refreshToken(id.get());
    return refreshToken
        .chain(found -> found != null ? Uni.createFrom().item(found) : accessToken(jti))
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("No token " + jti + " is known."));
  }

  private Uni<TokenAdminContract.TokenInfo> refreshToken(UUID id) {
    return pool.preparedQuery("SELECT * FROM refresh_tokens WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              String status = row.getString("status");
              Instant expires = instant(row, "expires_at");
              if (RefreshToken.ACTIVE.equals(status) && !expires.isAfter(Instant.now(clock))) {
                status = RefreshToken.EXPIRED;
              }
              return new TokenAdminContract.TokenInfo(
                  id.toString(),
                  "refresh_token",
                  row.getString("client_id"),
                  row.getString("subject"),
                  row.getString("scope"),
                  row.getUUID("family_id"),
                  status,
                  instant(row, "issued_at"),
                  expires,
                  instant(row, "revoked_at"),
                  row.getString("revoke_reason"));
            });
  }

  private static final String ISSUED =
      "SELECT e ->> 'actor' AS client_id, e ->> 'subject' AS subject,"
          + " e -> 'attributes' ->> 'scope' AS scope,"
          + " e -> 'attributes' ->> 'refresh_family' AS family_id,"
          + " (e ->> 'occurred_at')::timestamptz AS issued_at,"
          + " (e -> 'attributes' ->> 'expires_at')::timestamptz AS expires_at"
          + " FROM (SELECT (payload #>> '{}')::jsonb AS e FROM outbox"
          + " WHERE event_type = 'token.issued' AND service = $2"
          + " AND (((payload #>> '{}')::jsonb) ->> 'target') = $1) issued LIMIT 1";

  private Uni<TokenAdminContract.TokenInfo> accessToken(String jti) {
    Uni<Row> denied =
        pool.preparedQuery("SELECT * FROM revoked_jtis WHERE jti = $1")
            .execute(Tuple.of(jti))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    Uni<Row> issued =
        pool.preparedQuery(ISSUED)
            .execute(Tuple.of("jti/" + jti, service.name()))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    return Uni.combine()
        .all()
        .unis(denied, issued)
        .asTuple()
        .chain(
            both -> {
              Row revoked = both.getItem1();
              Row event = both.getItem2();
              if (revoked == null && event == null) {
                return Uni.createFrom().nullItem();
              }
              String clientId = text(revoked, event, "client_id");
              String subject = text(revoked, event, "subject");
              String scope = event == null ? null : event.getString("scope");
              UUID family = event == null ? null : uuid(event.getString("family_id")).orElse(null);
              Instant issuedAt = event == null ? null : instant(event, "issued_at");
              Instant expires =
                  event != null && event.getValue("expires_at") != null
                      ? instant(event, "expires_at")
                      : revoked == null ? null : instant(revoked, "expires_at");
              if (revoked != null) {
                return Uni.createFrom()
                    .item(
                        new TokenAdminContract.TokenInfo(
                            jti,
                            "access_token",
                            clientId,
                            subject,
                            scope,
                            family,
                            "revoked",
                            issuedAt,
                            expires,
                            instant(revoked, "revoked_at"),
                            revoked.getString("reason")));
              }
              Instant iat = Instant.ofEpochSecond(issuedAt.getEpochSecond());
              return cutoffs
                  .applying(clientId, subject, iat)
                  .map(
                      cutoff -> {
                        String status =
                            cutoff.isPresent()
                                ? "revoked"
                                : expires != null && !expires.isAfter(Instant.now(clock))
                                    ? "expired"
                                    : "active";
                        return new TokenAdminContract.TokenInfo(
                            jti,
                            "access_token",
                            clientId,
                            subject,
                            scope,
                            family,
                            status,
                            issuedAt,
                            expires,
                            cutoff.map(RevocationCutoffs.Cutoff::revokedBefore).orElse(null),
                            cutoff.map(RevocationCutoffs.Cutoff::reason).orElse(null));
                      });
            });
  }

  private static String text(Row first, Row second, String column) {
    String value = first == null ? null : first.getString(column);
    return value != null || second == null ? value : second.getString(column);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static Optional<UUID> uuid(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(value);
      return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
