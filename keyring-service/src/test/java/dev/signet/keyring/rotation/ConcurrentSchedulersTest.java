package dev.signet.keyring.rotation;

import static dev.signet.keyring.KeyringFixtures.DAY;
import static dev.signet.keyring.KeyringFixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.keyring.KeyringFixtures;
import dev.signet.keyring.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas' schedulers firing together against one database act once. */
@QuarkusTest
class ConcurrentSchedulersTest {

  @Inject KeyringFixtures fixtures;
  @Inject MutableClock clock;
  @Inject RotationJob job;

  /** Other test classes in this JVM (and their tokens) run at real time. */
  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  @Test
  void concurrentRunsNeverCreateOrActivateTwice() {
    List<RotationReport> bootstrap = together();
    assertEquals(1, bootstrap.stream().mapToInt(r -> r.activated().size()).sum());
    assertEquals(1, count("SELECT count(*) FROM signing_keys WHERE state = 'active'"));

    clock.advance(Duration.ofSeconds(29 * DAY + 60));
    List<RotationReport> prePublish = together();
    assertEquals(1, prePublish.stream().mapToInt(r -> r.created().size()).sum());
    assertEquals(1, count("SELECT count(*) FROM signing_keys WHERE state = 'pending'"));

    clock.advance(Duration.ofSeconds(DAY));
    long activatedEvents = KeyringFixtures.auditEvents("key.activated");
    List<RotationReport> rotation = together();
    assertEquals(1, rotation.stream().mapToInt(r -> r.activated().size()).sum());
    assertEquals(activatedEvents + 1, KeyringFixtures.auditEvents("key.activated"));
    assertEquals(1, count("SELECT count(*) FROM signing_keys WHERE state = 'active'"));
    assertEquals(1, count("SELECT count(*) FROM signing_keys WHERE state = 'previous'"));
  }

  /** Three runs at once, each on its own thread and Vert.x context, like three replicas. */
  private List<RotationReport> together() {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RotationReport>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return KeyringFixtures.await(job::runOnce);
                }));
      }
      start.countDown();
      List<RotationReport> reports = new ArrayList<>();
      for (Future<RotationReport> run : runs) {
        reports.add(run.get());
      }
      return reports;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
