package dev.signet.admin.audit;

import dev.signet.common.audit.AuditEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Stores delivered events once each and lets listeners react to the new ones. */
@ApplicationScoped
public class AuditIntake {

  private final AuditEventStore store;
  private final Instance<AuditEventListener> listeners;

  AuditIntake(AuditEventStore store, Instance<AuditEventListener> listeners) {
    this.store = store;
    this.listeners = listeners;
  }

  /** Returns how many of the events were new. Order is kept, so listeners see causes first. */
  @WithTransaction
  public Uni<Integer> accept(List<AuditEvent> events) {
    return store
        .insertAllIfAbsent(events)
        .chain(
            stored -> {
              // An id sent twice in one batch was stored once: only its first event is new.
              Set<UUID> unseen = new HashSet<>(stored);
              List<AuditEvent> fresh = events.stream().filter(e -> unseen.remove(e.id())).toList();
              return Multi.createFrom()
                  .iterable(fresh)
                  .onItem()
                  .transformToUniAndConcatenate(this::notifyListeners)
                  .collect()
                  .last()
                  .replaceWith(fresh.size());
            });
  }

  private Uni<Void> notifyListeners(AuditEvent event) {
    return Multi.createFrom()
        .iterable(listeners)
        .onItem()
        .transformToUniAndConcatenate(l -> l.onStored(event))
        .collect()
        .last()
        .replaceWithVoid();
  }
}
