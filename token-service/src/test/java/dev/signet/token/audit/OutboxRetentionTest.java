package dev.signet.token.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.audit.OutboxRetention;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Outbox retention deletes only this service's rows that were delivered before the retention window
 * (8 days); recent deliveries, undelivered rows of any age and other services' rows stay.
 */
@QuarkusTest
class OutboxRetentionTest {

  @Inject OutboxRetention retention;

  @Test
  void onlyOwnRowsDeliveredBeforeTheWindowAreDeleted() throws Throwable {
    String type = "test.retention." + UUID.randomUUID();
    row(type, "token", "now() - interval '9 days'", "old-sent");
    row(type, "token", "now() - interval '7 days'", "recent-sent");
    row(type, "token", "NULL", "old-pending");
    row(type, "keyring", "now() - interval '9 days'", "other-service");

    VertxContextSupport.subscribeAndAwait(retention::purge);

    assertEquals(
        List.of("old-pending", "other-service", "recent-sent"),
        Fixtures.column(
            "SELECT payload ->> 'label' FROM outbox WHERE event_type = ? ORDER BY 1", type));
  }

  /** A row created 10 days ago, delivered at {@code sentAt} (SQL), labelled in its payload. */
  private static void row(String type, String service, String sentAt, String label) {
    Fixtures.update(
        "INSERT INTO outbox (event_id, service, event_type, payload, created_at,"
            + " next_attempt_at, sent_at) VALUES (gen_random_uuid(), ?, ?,"
            + " jsonb_build_object('label', ?::text), now() - interval '10 days',"
            + " now() + interval '1 day', "
            + sentAt
            + ")",
        service,
        type,
        label);
  }
}
