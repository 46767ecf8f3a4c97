package dev.signet.admin.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.common.audit.AuditEvent;
import java.util.List;

/** One page of the audit trail, newest first; {@code next_cursor} is null on the last page. */
public record AuditEventPage(
    List<AuditEvent> items, @JsonProperty("next_cursor") String nextCursor) {}
