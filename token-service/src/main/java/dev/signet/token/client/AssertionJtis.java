package dev.signet.token.client;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The jti of every accepted RFC 7523 assertion (private_key_jwt client assertions and key-login
 * grants), kept in {@code client_assertion_jtis} until it expires so each is accepted once across
 * replicas. The issuer names the keyspace: a client id, or {@code user:<id>} for a person.
 */
@ApplicationScoped
public class AssertionJtis {

  private final Pool pool;

  AssertionJtis(Pool pool) {
    this.pool = pool;
  }

  /** True the first time this issuer's jti is seen, false on a replay. */
  public Uni<Boolean> firstUse(String issuer, String jti, Instant keepUntil) {
    return pool.preparedQuery(
            "INSERT INTO client_assertion_jtis (client_id, jti, expires_at)"
                + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(issuer, jti, keepUntil.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }
}
