package dev.signet.common.nativeimage;

import dev.signet.common.audit.AuditBatch;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the audit event model for reflection in native images. AuditRecorder writes events into
 * the outbox and OutboxDispatcher reads them back with our own ObjectMapper, which Quarkus cannot
 * see at build time; only the REST client's AuditBatch parameter would be registered otherwise, and
 * admin-api's intake endpoint only in admin-api. Kept outside the audit package (owned elsewhere);
 * the annotation can move onto the types themselves. See deploy/README.md, "Native image".
 */
@RegisterForReflection(targets = {AuditEvent.class, AuditBatch.class, AuditOutcome.class})
final class AuditReflection {
  private AuditReflection() {}
}
