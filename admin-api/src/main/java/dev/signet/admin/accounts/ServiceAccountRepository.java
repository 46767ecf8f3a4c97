package dev.signet.admin.accounts;

import dev.signet.admin.paging.LikePattern;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Service accounts by client id, and filtered lists in seq order. */
@ApplicationScoped
public class ServiceAccountRepository implements PanacheRepositoryBase<ServiceAccount, UUID> {

  public Uni<ServiceAccount> findByClientId(String clientId) {
    return find("clientId", clientId).firstResult();
  }

  /** Up to {@code limit} accounts after {@code afterSeq} that match every given filter. */
  public Uni<List<ServiceAccount>> list(ServiceAccountFilter filter, long afterSeq, int limit) {
    List<String> where = new ArrayList<>();
    Parameters params = Parameters.with("after", afterSeq);
    where.add("seq > :after");
    filter
        .status()
        .ifPresent(
            s -> {
              where.add("status = :status");
              params.and("status", s);
            });
    filter
        .team()
        .ifPresent(
            t -> {
              where.add("team = :team");
              params.and("team", t);
            });
    filter
        .scope()
        .ifPresent(
            s -> {
              // Hibernate's array_contains compares text[] with varchar[], which PostgreSQL
              // refuses;
              // its array_position answers 0 when the element is absent.
              where.add("array_position(scopes, cast(:scope as String)) > 0");
              params.and("scope", s);
            });
    filter
        .nameContains()
        .ifPresent(
            n -> {
              where.add("lower(name) like :name");
              params.and("name", LikePattern.containing(n));
            });
    return find(String.join(" and ", where) + " order by seq", params).range(0, limit - 1).list();
  }
}
