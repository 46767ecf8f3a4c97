package dev.signet.admin.internal;

import dev.signet.common.auth.TokenIdentity;
import dev.signet.common.auth.VerifiedToken;
import dev.signet.common.error.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;

/**
 * Which Signet service an internal call comes from: the service whose configured internal account
 * (service_accounts.internal_service) the caller's token was issued to. A token with
 * signet:internal that belongs to no such account, which no configuration ever grants, is refused,
 * so no caller can speak for a service it is not.
 */
@ApplicationScoped
public class InternalCallers {

  private static final String SQL =
      "SELECT internal_service FROM service_accounts"
          + " WHERE client_id = $1 AND internal_service IS NOT NULL AND status = 'active'";

  private final Pool pool;

  InternalCallers(Pool pool) {
    this.pool = pool;
  }

  /** The caller's service name; 403 when the caller is not a known internal account. */
  public Uni<String> serviceOf(SecurityIdentity identity) {
    VerifiedToken token = TokenIdentity.token(identity);
    String clientId = token == null ? null : token.clientId();
    if (clientId == null || clientId.length() > 200) {
      return Uni.createFrom().failure(refused());
    }
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(clientId))
        .map(
            rows -> {
              Iterator<Row> it = rows.iterator();
              if (!it.hasNext()) {
                throw refused();
              }
              return it.next().getString("internal_service");
            });
  }

  /** 403 unless the caller is the internal account of {@code service}. */
  public Uni<Void> require(SecurityIdentity identity, String service) {
    return serviceOf(identity)
        .invoke(
            s -> {
              if (!service.equals(s)) {
                throw ProblemException.forbidden(
                    "Only the " + service + " service's internal account may call this.");
              }
            })
        .replaceWithVoid();
  }

  private static ProblemException refused() {
    return ProblemException.forbidden(
        "The caller is not the internal account of a Signet service"
            + " (signet.admin.internal-accounts).");
  }
}
