package dev.signet.admin.incidents;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Incidents newest first, and lookup by the audit event that opened them. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

  public Uni<Incident> findBySourceEvent(UUID eventId) {
    return find("sourceEventId", eventId).firstResult();
  }

  /** Newest first; {@code beforeSeq} is the seq of the last incident of the previous page. */
  public Uni<List<Incident>> list(
      Optional<String> status, Optional<String> type, Optional<Long> beforeSeq, int limit) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    beforeSeq.ifPresent(
        seq -> {
          where.add("seq < :before");
          params.and("before", seq);
        });
    status.ifPresent(
        s -> {
          where.add("status = :status");
          params.and("status", s);
        });
    type.ifPresent(
        t -> {
          where.add("type = :type");
          params.and("type", t);
        });
    String query = (where.isEmpty() ? "1 = 1" : String.join(" and ", where)) + " order by seq desc";
    return find(query, params).range(0, limit - 1).list();
  }
}
