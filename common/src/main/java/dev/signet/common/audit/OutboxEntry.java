package dev.signet.common.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One pending or sent audit event in the emitting service's outbox. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "seq")
  public Long seq;

  @Column(name = "event_id", nullable = false, updatable = false)
  public UUID eventId;

  @Column(name = "service", nullable = false, updatable = false)
  public String service;

  @Column(name = "event_type", nullable = false, updatable = false)
  public String eventType;

  @Column(name = "payload", nullable = false, updatable = false)
  @ColumnTransformer(read = "payload::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String payload;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "next_attempt_at", nullable = false)
  public Instant nextAttemptAt;
}
