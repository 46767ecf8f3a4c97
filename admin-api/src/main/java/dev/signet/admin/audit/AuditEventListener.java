package dev.signet.admin.audit;

import dev.signet.common.audit.AuditEvent;
import io.smallrye.mutiny.Uni;

/**
 * Reacts to an audit event the first time it is stored, inside the storing transaction (for
 * example: incident-type events open an incident). Redeliveries do not call it again.
 */
public interface AuditEventListener {

  Uni<Void> onStored(AuditEvent event);
}
