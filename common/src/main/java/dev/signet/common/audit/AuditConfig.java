package dev.signet.common.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox dispatcher delivers audit events to admin-api. */
@ConfigMapping(prefix = "signet.audit")
public interface AuditConfig {

  /** Base URL of admin-api (env {@code SIGNET_AUDIT_ADMIN_URL}). */
  @WithDefault("http://127.0.0.1:8085")
  String adminUrl();

  /** Whether this replica runs the dispatcher at all. */
  @WithDefault("true")
  boolean dispatchEnabled();

  /** How often the dispatcher looks for pending events. */
  @WithDefault("1s")
  Duration dispatchInterval();

  /**
   * Most events sent in one request. Rounds run one after another (in order), so a busy replica's
   * delivery rate is about one batch per round trip: 200 per batch fell behind a token-service
   * issuing 3,500 tokens a second, 1,000 keeps up.
   */
  @WithDefault("1000")
  int batchSize();

  /**
   * Most bytes of event JSON sent in one request (at least one event is always sent). Keep it below
   * admin-api's body limit ({@code signet.service.max-body-bytes}, 1 MiB there), or admin-api
   * refuses the batch with 413 and delivery stops at it.
   */
  @WithDefault("524288")
  int batchMaxBytes();

  /** First retry delay; doubles with each failed attempt. */
  @WithDefault("1s")
  Duration retryInitialBackoff();

  /** Longest delay between retries. */
  @WithDefault("5m")
  Duration retryMaxBackoff();

  /** Most audit rows one group commit writes (see {@link AuditGroupCommit}). */
  @WithDefault("256")
  int groupCommitMaxBatch();

  /** Group commits in flight at once; the next batch collects while these run. */
  @WithDefault("2")
  int groupCommitMaxInFlight();

  /**
   * How long a delivered event stays in the outbox before {@link OutboxRetention} deletes it. Keep
   * it longer than the longest token lifetime (access tokens at most 1 day, agent tokens at most 7
   * days): token-service's revocation of everything of a client finds its unexpired access tokens
   * in its delivered {@code token.issued} rows.
   */
  @WithDefault("P8D")
  Duration outboxRetention();

  /** Most rows one retention statement deletes; it repeats until fewer are left. */
  @WithDefault("10000")
  int retentionBatchSize();
}
