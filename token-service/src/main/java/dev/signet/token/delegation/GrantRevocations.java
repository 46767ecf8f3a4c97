package dev.signet.token.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.common.db.DatabaseChannels;
import dev.signet.common.error.SafeFailures;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Consumes delegation-service's grant revocations: each notified grant id goes into {@code
 * revoked_delegation_grants}, which {@link dev.signet.token.introspect.LocalRevocationCheck} reads
 * for every token with a {@code grant_id} claim. The table, not memory, holds the verdict, so it
 * survives restarts and is shared by replicas (each inserts, duplicates are ignored). A bad payload
 * is logged and skipped; the listener never stops. What was notified while no replica listened is
 * caught up by {@link GrantReconciliation} when the listener (re)subscribes and periodically.
 */
@ApplicationScoped
public class GrantRevocations {

  /** delegation-service notifies {@code {"root": "<id>", "grant_ids": ["<id>", ...]}} at commit. */
  public static final String CHANNEL = "signet_delegation_grants_revoked";

  /** delegation-service sends at most 100 ids per notification; more is not its payload. */
  static final int MAX_IDS = 1_000;

  private static final Logger LOG = Logger.getLogger(GrantRevocations.class);

  private static final String INSERT =
      "INSERT INTO revoked_delegation_grants (grant_id, root_id)"
          + " SELECT g, $2 FROM unnest($1::uuid[]) AS g ON CONFLICT (grant_id) DO NOTHING";

  /** A notification's revoked grants. */
  record Revoked(UUID root, List<UUID> grantIds) {}

  private final DatabaseChannels channels;
  private final Pool pool;
  private final ObjectMapper json;
  private final Instance<GrantReconciliation> reconciliation;

  GrantRevocations(
      DatabaseChannels channels,
      Pool pool,
      ObjectMapper json,
      Instance<GrantReconciliation> reconciliation) {
    this.channels = channels;
    this.pool = pool;
    this.json = json;
    this.reconciliation = reconciliation;
  }

  void start(@Observes StartupEvent event) {
    channels.listen(CHANNEL, this::received);
  }

  void received(String payload) {
    if (payload == null) {
      // (Re)subscribed: what was notified meanwhile is lost, so catch up from delegation-service.
      LOG.debugf("listening on %s; reconciling revoked grants", CHANNEL);
      reconciliation.get().soon();
      return;
    }
    Optional<Revoked> revoked = parse(payload);
    if (revoked.isEmpty() || revoked.get().grantIds().isEmpty()) {
      return;
    }
    record(revoked.get())
        .subscribe()
        .with(
            ok -> LOG.infof("delegation grants revoked: %d", revoked.get().grantIds().size()),
            e ->
                LOG.errorf(
                    "could not record %d revoked delegation grants (root %s): %s",
                    revoked.get().grantIds().size(),
                    revoked.get().root(),
                    SafeFailures.describe(e)));
  }

  /** Inserts the ids; retried briefly, since a lost revocation would leave tokens active. */
  Uni<Void> record(Revoked revoked) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(revoked.grantIds().toArray(new UUID[0]), revoked.root()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2))
        .atMost(5)
        .replaceWithVoid();
  }

  /**
   * The payload's grant ids; ids that are not UUIDs are skipped, a payload that is not the expected
   * object is skipped whole. Never logs the payload itself, only its size.
   */
  Optional<Revoked> parse(String payload) {
    JsonNode node;
    try {
      node = json.readTree(payload);
    } catch (Exception e) {
      LOG.warnf("ignored a %s notification that is not JSON (%d chars)", CHANNEL, payload.length());
      return Optional.empty();
    }
    if (node == null || !node.isObject() || !node.path("grant_ids").isArray()) {
      LOG.warnf(
          "ignored a %s notification without a grant_ids list (%d chars)",
          CHANNEL, payload.length());
      return Optional.empty();
    }
    JsonNode ids = node.get("grant_ids");
    if (ids.size() > MAX_IDS) {
      LOG.warnf("ignored a %s notification of %d ids", CHANNEL, ids.size());
      return Optional.empty();
    }
    List<UUID> grantIds = new ArrayList<>();
    int skipped = 0;
    for (JsonNode id : ids) {
      Optional<UUID> parsed = uuid(id);
      if (parsed.isPresent()) {
        grantIds.add(parsed.get());
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.warnf("skipped %d grant ids of a %s notification that are not UUIDs", skipped, CHANNEL);
    }
    return Optional.of(new Revoked(uuid(node.path("root")).orElse(null), grantIds));
  }

  private static Optional<UUID> uuid(JsonNode value) {
    if (value == null || !value.isTextual() || value.textValue().length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value.textValue()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
