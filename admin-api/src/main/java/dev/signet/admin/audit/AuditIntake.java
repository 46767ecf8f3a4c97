package dev.signet.admin.audit;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.input.InvalidInputException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Stores delivered events once each and lets listeners react to the new ones. */
@ApplicationScoped
public class AuditIntake {

  private final AuditEventStore store;
  private final Instance<AuditEventListener> listeners;
  private final Clock clock;

  AuditIntake(AuditEventStore store, Instance<AuditEventListener> listeners, Clock clock) {
    this.store = store;
    this.listeners = listeners;
    this.clock = clock;
  }

  /** Earliest occurred_at accepted: no Signet event predates this. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** How far ahead of this clock an event's occurred_at may be (another host's clock). */
  static final Duration MAX_AHEAD = Duration.ofDays(1);

  /**
   * Stores the events as sent by {@code service}, which is the authenticated caller's service and
   * replaces whatever service each event names. Returns how many of the events were new. Order is
   * kept, so listeners see causes first.
   */
  @WithTransaction
  public Uni<Integer> accept(String service, List<AuditEvent> sent) {
    Instant latest = clock.instant().plus(MAX_AHEAD);
    List<AuditEvent> events = new ArrayList<>(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      AuditEvent e = sent.get(i);
      if (e.occurredAt().isBefore(EARLIEST) || e.occurredAt().isAfter(latest)) {
        throw new InvalidInputException(
            "events[" + i + "].occurred_at", "must be after 2000 and at most a day ahead");
      }
      events.add(
          new AuditEvent(
              e.id(),
              e.type(),
              service,
              e.actor(),
              e.subject(),
              e.target(),
              e.outcome(),
              e.attributes(),
              e.traceId(),
              e.occurredAt()));
    }
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
