package dev.signet.token.session;

import dev.signet.common.secret.HashedSecret;
import dev.signet.common.secret.SecretHasher;
import dev.signet.token.client.ClientAddress;
import dev.signet.token.user.UserDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * People's browser sessions ({@code sessions}). The cookie holds 256 random bits; the table only
 * their versioned HMAC. A session is live while it is not ended, within its absolute lifetime and
 * idle timeout, and its person is active with the user_ver they signed in under: admin-api bumps
 * user_ver (or disables the person) and notifies, {@link UserDirectory} drops its entry, and the
 * next request finds the session dead and ends it.
 */
@ApplicationScoped
public class PersonSessions {

  /** A cookie value is 43 base64url characters; anything else is not ours and costs no query. */
  private static final int MAX_COOKIE = 64;

  private static final String COLUMNS =
      "id, user_id, user_ver, auth_method, credential_id, csrf_secret, created_at, last_seen_at,"
          + " expires_at";

  private final Pool pool;
  private final SecretHasher hasher;
  private final UserDirectory users;
  private final SessionCookie cookie;
  private final ClientAddress addresses;
  private final Clock clock;
  private final Duration idle;
  private final Duration lifetime;

  PersonSessions(
      Pool pool,
      SecretHasher hasher,
      UserDirectory users,
      SessionCookie cookie,
      ClientAddress addresses,
      Clock clock,
      PagesConfig config) {
    this.pool = pool;
    this.hasher = hasher;
    this.users = users;
    this.cookie = cookie;
    this.addresses = addresses;
    this.clock = clock;
    this.idle = config.sessionIdleTimeout();
    this.lifetime = config.sessionLifetime();
  }

  /** The live session of this request's cookie, refreshing last_seen_at; empty if none or dead. */
  public Uni<Optional<PersonSession>> current(HttpServerRequest request) {
    Cookie presented = request.getCookie(cookie.name());
    return current(presented == null ? null : presented.getValue());
  }

  /** As above, for the cookie's value. */
  public Uni<Optional<PersonSession>> current(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_COOKIE) {
      return Uni.createFrom().item(Optional.empty());
    }
    Buffer[] hashes =
        hasher.candidates(value).stream().map(h -> Buffer.buffer(h.hash())).toArray(Buffer[]::new);
    Instant now = Instant.now(clock);
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM sessions WHERE token_hash = ANY($1) AND ended_at IS NULL"
                + " AND expires_at > $2 AND last_seen_at > $3")
        .execute(
            Tuple.of(
                hashes, now.atOffset(ZoneOffset.UTC), now.minus(idle).atOffset(ZoneOffset.UTC)))
        .onItem()
        .transformToUni(
            rows -> {
              RowIterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                return Uni.createFrom().item(Optional.<PersonSession>empty());
              }
              PersonSession session = from(it.next());
              return users
                  .find(session.userId())
                  .onItem()
                  .transformToUni(
                      user -> {
                        boolean alive =
                            user.isPresent()
                                && user.get().active()
                                && user.get().userVer() == session.userVer();
                        if (!alive) {
                          return end(session).replaceWith(Optional.<PersonSession>empty());
                        }
                        return touch(session, now).replaceWith(Optional.of(session));
                      });
            });
  }

  /** Starts a session for the person and returns the {@code Set-Cookie} value to send. */
  public Uni<StartedSession> start(
      UUID userId, String method, String credentialId, HttpServerRequest request) {
    return start(
        userId,
        method,
        credentialId,
        addresses.of(request),
        UserAgents.clean(request.getHeader("User-Agent")));
  }

  /**
   * As above with a shorter absolute lifetime than the configured one (an invite's session, which
   * is only for enrolling a passkey).
   */
  public Uni<StartedSession> start(
      UUID userId,
      String method,
      String credentialId,
      HttpServerRequest request,
      Duration lifetime) {
    return start(
        userId,
        method,
        credentialId,
        addresses.of(request),
        UserAgents.clean(request.getHeader("User-Agent")),
        lifetime.compareTo(this.lifetime) < 0 ? lifetime : this.lifetime);
  }

  /** As above, for the client's address and its (cleaned) User-Agent. */
  Uni<StartedSession> start(
      UUID userId, String method, String credentialId, String address, String userAgent) {
    return start(userId, method, credentialId, address, userAgent, lifetime);
  }

  private Uni<StartedSession> start(
      UUID userId,
      String method,
      String credentialId,
      String address,
      String userAgent,
      Duration lifetime) {
    return users
        .find(userId)
        .onItem()
        .transformToUni(
            user -> {
              if (user.isEmpty() || !user.get().active()) {
                return Uni.createFrom()
                    .failure(new PageException(403, "This account cannot sign in."));
              }
              String value = SecretHasher.newSecret();
              HashedSecret hashed = hasher.hash(value);
              UUID id = UUID.randomUUID();
              String csrf = SecretHasher.newSecret();
              Instant now = Instant.now(clock);
              PersonSession session =
                  new PersonSession(
                      id, userId, user.get().userVer(), now, method, credentialId, csrf);
              return pool.preparedQuery(
                      "INSERT INTO sessions (id, token_hash, hash_version, user_id, user_ver,"
                          + " auth_method, credential_id, address, user_agent, csrf_secret,"
                          + " created_at, last_seen_at, expires_at)"
                          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)")
                  .execute(
                      Tuple.from(
                          List.of(
                              id,
                              Buffer.buffer(hashed.hash()),
                              hashed.version(),
                              userId,
                              user.get().userVer(),
                              method,
                              credentialId == null ? "" : credentialId,
                              address,
                              UserAgents.clean(userAgent),
                              csrf,
                              now.atOffset(ZoneOffset.UTC),
                              now.plus(lifetime).atOffset(ZoneOffset.UTC))))
                  .map(rows -> new StartedSession(session, cookie.set(value, lifetime)));
            });
  }

  /** Signs the session out; the cookie stops working at once on every replica. */
  public Uni<Void> end(PersonSession session) {
    return pool.preparedQuery(
            "UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
        .execute(Tuple.of(session.sessionId(), Instant.now(clock).atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  /** Ends every session of a person (a passkey removed, say). */
  public Uni<Void> endAll(UUID userId) {
    return pool.preparedQuery(
            "UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .execute(Tuple.of(userId, Instant.now(clock).atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  /** Ends the person's sessions that were signed in with this passkey (it was just removed). */
  public Uni<Void> endSignedInWith(UUID userId, String credentialId) {
    return pool.preparedQuery(
            "UPDATE sessions SET ended_at = $3 WHERE user_id = $1 AND credential_id = $2"
                + " AND ended_at IS NULL")
        .execute(Tuple.of(userId, credentialId, Instant.now(clock).atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  /** The Set-Cookie value that makes the browser forget its session cookie. */
  public String clearCookie() {
    return cookie.clear();
  }

  private Uni<Void> touch(PersonSession session, Instant now) {
    return pool.preparedQuery("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
        .execute(Tuple.of(session.sessionId(), now.atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  private static PersonSession from(Row row) {
    String credential = row.getString("credential_id");
    return new PersonSession(
        row.getUUID("id"),
        row.getUUID("user_id"),
        row.getLong("user_ver"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getString("auth_method"),
        credential == null || credential.isEmpty() ? null : credential,
        row.getString("csrf_secret"));
  }
}
