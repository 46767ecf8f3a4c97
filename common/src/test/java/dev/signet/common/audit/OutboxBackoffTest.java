package dev.signet.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxBackoffTest {

  private static AuditConfig config(Duration initial, Duration max) {
    return new AuditConfig() {
      @Override
      public String adminUrl() {
        return "http://127.0.0.1:1";
      }

      @Override
      public boolean dispatchEnabled() {
        return false;
      }

      @Override
      public Duration dispatchInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public int batchMaxBytes() {
        return 49_152;
      }

      @Override
      public Duration outboxRetention() {
        return Duration.ofDays(8);
      }

      @Override
      public int retentionBatchSize() {
        return 10_000;
      }

      @Override
      public Duration retryInitialBackoff() {
        return initial;
      }

      @Override
      public Duration retryMaxBackoff() {
        return max;
      }

      @Override
      public int groupCommitMaxBatch() {
        return 256;
      }

      @Override
      public int groupCommitMaxInFlight() {
        return 2;
      }
    };
  }

  @Test
  void backoffDoublesFromTheInitialDelayUpToTheCap() {
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            null,
            null,
            config(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            null,
            null,
            null,
            null);
    assertEquals(Duration.ofSeconds(1), dispatcher.backoff(0));
    assertEquals(Duration.ofSeconds(2), dispatcher.backoff(1));
    assertEquals(Duration.ofSeconds(64), dispatcher.backoff(6));
    assertEquals(Duration.ofMinutes(5), dispatcher.backoff(9));
    assertEquals(Duration.ofMinutes(5), dispatcher.backoff(1000));
  }
}
