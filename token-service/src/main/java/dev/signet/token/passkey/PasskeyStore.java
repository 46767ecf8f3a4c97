package dev.signet.token.passkey;

import dev.signet.token.session.PageException;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord.RequiredPersistedData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * People's passkeys ({@code webauthn_credentials}). The WebAuthn user name is the person's id, so
 * an assertion leads to exactly one person through its credential id, never through anything the
 * browser claims about who it is.
 */
@ApplicationScoped
public class PasskeyStore {

  private static final String UNIQUE_VIOLATION = "23505";

  private static final String COLUMNS =
      "id, user_id, credential_id, public_key, public_key_alg, sign_count, aaguid, name,"
          + " created_at, last_used_at";

  /** How removing a passkey went: every caller has to say something different for each. */
  public sealed interface Removal {
    record Removed(Passkey passkey) implements Removal {}

    /** The person's only passkey: removing it would lock them out. */
    record Last() implements Removal {}

    /** No such passkey of this person (another person's id looks the same). */
    record NotFound() implements Removal {}
  }

  private final Pool pool;
  private final Clock clock;

  PasskeyStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** The person's email address, which a passkey is shown under in the browser's picker. */
  public Uni<Optional<String>> email(UUID userId) {
    return pool.preparedQuery("SELECT email FROM users WHERE id = $1")
        .execute(Tuple.of(userId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.ofNullable(rows.iterator().next().getString("email"))
                    : Optional.empty());
  }

  /** The person's passkeys, oldest first. */
  public Uni<List<Passkey>> of(UUID userId) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM webauthn_credentials WHERE user_id = $1 ORDER BY created_at, id")
        .execute(Tuple.of(userId))
        .map(
            rows -> {
              List<Passkey> out = new ArrayList<>();
              rows.forEach(row -> out.add(passkey(row)));
              return out;
            });
  }

  /** The credential record for a WebAuthn ceremony, if the credential is registered. */
  public Uni<Optional<WebAuthnCredentialRecord>> record(String credentialId) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM webauthn_credentials WHERE credential_id = $1")
        .execute(Tuple.of(credentialId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(record(rows.iterator().next()))
                    : Optional.empty());
  }

  /** The person's credential records (for excluding them when registering another). */
  public Uni<List<WebAuthnCredentialRecord>> records(UUID userId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM webauthn_credentials WHERE user_id = $1")
        .execute(Tuple.of(userId))
        .map(
            rows -> {
              List<WebAuthnCredentialRecord> out = new ArrayList<>();
              rows.forEach(row -> out.add(record(row)));
              return out;
            });
  }

  /** Stores a credential just verified by a registration ceremony. */
  public Uni<Passkey> add(UUID userId, WebAuthnCredentialRecord record, String name) {
    RequiredPersistedData data = record.getRequiredPersistedData();
    UUID id = UUID.randomUUID();
    Instant now = Instant.now(clock);
    String[] transports =
        record.getTransports() == null
            ? new String[0]
            : record.getTransports().stream()
                .map(t -> t.getValue())
                .sorted()
                .toArray(String[]::new);
    return pool.preparedQuery(
            "INSERT INTO webauthn_credentials (id, user_id, credential_id, public_key,"
                + " public_key_alg, sign_count, aaguid, transports, name, created_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .execute(
            Tuple.from(
                List.of(
                    id,
                    userId,
                    data.credentialId(),
                    Buffer.buffer(data.publicKey()),
                    data.publicKeyAlgorithm(),
                    data.counter(),
                    data.aaguid(),
                    transports,
                    name,
                    now.atOffset(ZoneOffset.UTC))))
        .map(rows -> new Passkey(id, userId, data.credentialId(), name, now, null))
        .onFailure(PasskeyStore::isUniqueViolation)
        .transform(e -> new PageException(409, "This passkey is already registered."));
  }

  /**
   * Records a successful sign-in with the counter the authenticator signed. The UPDATE is the
   * replay guard: a counter that did not go up (a replayed or cloned assertion) matches no row,
   * also when two requests race. Authenticators that keep no counter (always 0) are accepted as the
   * spec says.
   */
  public Uni<Boolean> recordUse(String credentialId, long counter) {
    return pool.preparedQuery(
            "UPDATE webauthn_credentials SET sign_count = $2, last_used_at = $3"
                + " WHERE credential_id = $1 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))")
        .execute(Tuple.of(credentialId, counter, Instant.now(clock).atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Removes one of the person's passkeys unless it is their last. */
  public Uni<Removal> remove(UUID userId, UUID passkeyId) {
    return pool.withTransaction(
        client ->
            client
                .preparedQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM webauthn_credentials WHERE user_id = $1 ORDER BY id FOR UPDATE")
                .execute(Tuple.of(userId))
                .chain(
                    rows -> {
                      Passkey target = null;
                      int count = 0;
                      for (Row row : rows) {
                        count++;
                        if (row.getUUID("id").equals(passkeyId)) {
                          target = passkey(row);
                        }
                      }
                      if (target == null) {
                        return Uni.createFrom().item((Removal) new Removal.NotFound());
                      }
                      if (count <= 1) {
                        return Uni.createFrom().item((Removal) new Removal.Last());
                      }
                      Passkey removed = target;
                      return client
                          .preparedQuery("DELETE FROM webauthn_credentials WHERE id = $1")
                          .execute(Tuple.of(passkeyId))
                          .map(deleted -> (Removal) new Removal.Removed(removed));
                    }));
  }

  private static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  private static Passkey passkey(Row row) {
    OffsetDateTime used = row.getOffsetDateTime("last_used_at");
    return new Passkey(
        row.getUUID("id"),
        row.getUUID("user_id"),
        row.getString("credential_id"),
        row.getString("name"),
        row.getOffsetDateTime("created_at").toInstant(),
        used == null ? null : used.toInstant());
  }

  private static WebAuthnCredentialRecord record(Row row) {
    return WebAuthnCredentialRecord.fromRequiredPersistedData(
        new RequiredPersistedData(
            row.getUUID("user_id").toString(),
            row.getString("credential_id"),
            row.getUUID("aaguid"),
            row.getBuffer("public_key").getBytes(),
            row.getLong("public_key_alg"),
            row.getLong("sign_count")));
  }
}
