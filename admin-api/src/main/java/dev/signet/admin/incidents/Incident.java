package dev.signet.admin.incidents;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A security incident opened from an {@code incident.*} audit event and worked by admins. */
@Entity
@Table(name = "incidents")
public class Incident extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  /** Monotonic list position (V500); assigned by the database. */
  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  @Column(name = "type", nullable = false, updatable = false)
  public String type;

  @Column(name = "severity", nullable = false)
  public String severity;

  @Column(name = "status", nullable = false)
  public String status;

  @Column(name = "subject")
  public String subject;

  @Column(name = "client_id")
  public String clientId;

  @Column(name = "details", nullable = false)
  @ColumnTransformer(read = "details::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String details;

  @Column(name = "source_event_id", updatable = false)
  public UUID sourceEventId;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "acknowledged_at")
  public Instant acknowledgedAt;

  @Column(name = "acknowledged_by")
  public String acknowledgedBy;

  @Column(name = "resolved_at")
  public Instant resolvedAt;

  @Column(name = "resolved_by")
  public String resolvedBy;

  @Column(name = "resolution_note")
  public String resolutionNote;
}
