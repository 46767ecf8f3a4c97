package dev.signet.delegation.grant;

import dev.signet.common.auth.Scopes;
import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.delegation.RevokedGrants;
import dev.signet.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Revoked grants in revocation order, for token-service to reconcile notifications it missed while
 * no replica listened (DESIGN.md: delegation's tables are read by no one else, so it asks). Keyset
 * paging on (revoked_at, id): {@code since} is inclusive with {@code after}, the last id of the
 * previous page, breaking ties. {@code signet:internal} only; reads, never writes.
 */
@Path(DelegationPaths.REVOKED_GRANTS)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.INTERNAL)
public class RevokedGrantsResource {

  private static final UUID NONE = new UUID(0, 0);

  private static final String PAGE =
      "SELECT id, revoked_at FROM delegation_grants WHERE revoked_at IS NOT NULL"
          + " AND (revoked_at, id) > ($1, $2) ORDER BY revoked_at, id LIMIT $3";

  private final Pool pool;

  RevokedGrantsResource(Pool pool) {
    this.pool = pool;
  }

  @GET
  public Uni<RevokedGrants> page(
      @QueryParam("since") String since,
      @QueryParam("after") String after,
      @QueryParam("limit") Integer limit) {
    Instant from = instant(since);
    UUID last = after == null ? NONE : uuid(after);
    int size = limit == null ? DelegationPaths.REVOKED_GRANTS_PAGE_MAX : limit;
    if (size < 1 || size > DelegationPaths.REVOKED_GRANTS_PAGE_MAX) {
      throw ProblemException.badRequest(
          "limit must be 1-" + DelegationPaths.REVOKED_GRANTS_PAGE_MAX);
    }
    // With no `after`, rows revoked exactly at `since` are included: (t, id) > (t, nil UUID).
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), last, size))
        .map(
            rows -> {
              List<RevokedGrants.Revoked> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(
                    new RevokedGrants.Revoked(
                        row.getUUID("id"), row.getOffsetDateTime("revoked_at").toInstant()));
              }
              return new RevokedGrants(out);
            });
  }

  private static Instant instant(String value) {
    if (value == null || value.length() > 64) {
      throw ProblemException.badRequest("since must be an RFC 3339 instant");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("since must be an RFC 3339 instant");
    }
  }

  private static UUID uuid(String value) {
    try {
      if (value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ProblemException.badRequest("after must be a grant id (UUID)");
  }
}
