package dev.signet.admin.users;

import dev.signet.admin.paging.LikePattern;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** People by id or address, and filtered lists in seq order. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

  /** The person not deleted who has this address (case-insensitive), or null. */
  public Uni<User> findLiveByEmail(String email) {
    return find("lower(email) = ?1 and deletedAt is null", email.toLowerCase(Locale.ROOT))
        .firstResult();
  }

  /** Up to {@code limit} people after {@code afterSeq} that match every given filter. */
  Uni<List<User>> list(UserFilter filter, long afterSeq, int limit) {
    List<String> where = new ArrayList<>();
    Parameters params = Parameters.with("after", afterSeq);
    where.add("seq > :after");
    if (filter.status().isPresent()) {
      where.add("status = :status");
      params.and("status", filter.status().get());
    } else {
      where.add("deletedAt is null");
    }
    filter
        .role()
        .ifPresent(
            r -> {
              // array_position, not array_contains: see ServiceAccountRepository.
              where.add("array_position(roles, cast(:role as String)) > 0");
              params.and("role", r);
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
