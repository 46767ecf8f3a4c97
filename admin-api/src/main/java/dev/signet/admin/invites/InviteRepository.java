package dev.signet.admin.invites;

import dev.signet.admin.paging.LikePattern;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Invites by id, the pending ones of a person, and filtered lists in seq order. */
@ApplicationScoped
public class InviteRepository implements PanacheRepositoryBase<Invite, UUID> {

  /** Withdraws every pending invite of the person (a newer one replaces them). */
  Uni<Integer> withdrawPending(UUID userId, String actor, String reason, Instant now) {
    return update(
        "status = 'revoked', revokedAt = :now, revokedBy = :actor, revokeReason = :reason,"
            + " version = version + 1 where userId = :user and status = 'pending'",
        Parameters.with("now", now).and("actor", actor).and("reason", reason).and("user", userId));
  }

  Uni<List<Invite>> list(InviteFilter filter, Instant now, long afterSeq, int limit) {
    List<String> where = new ArrayList<>();
    Parameters params = Parameters.with("after", afterSeq);
    where.add("seq > :after");
    filter
        .state()
        .ifPresent(
            s -> {
              switch (s) {
                case "pending" -> where.add("status = 'pending' and expiresAt > :now");
                case "expired" -> where.add("status = 'pending' and expiresAt <= :now");
                default -> {
                  where.add("status = :status");
                  params.and("status", s);
                }
              }
              if (s.equals("pending") || s.equals("expired")) {
                params.and("now", now);
              }
            });
    filter
        .emailContains()
        .ifPresent(
            e -> {
              where.add("lower(email) like :email");
              params.and("email", LikePattern.containing(e));
            });
    return find(String.join(" and ", where) + " order by seq", params).range(0, limit - 1).list();
  }
}
