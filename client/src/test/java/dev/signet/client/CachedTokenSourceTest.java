package dev.signet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache and single-flight logic alone; the suite ITs run it against the real server. */
class CachedTokenSourceTest {

  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static final class Counting extends CachedTokenSource {
    final AtomicInteger fetches = new AtomicInteger();
    final CountDownLatch release;
    volatile RuntimeException failure;

    Counting(Clock clock, CountDownLatch release) {
      super(clock, null);
      this.release = release;
    }

    @Override
    protected Tokens fetch(Tokens previous) {
      int n = fetches.incrementAndGet();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      return new Tokens("t" + n, "Bearer", clock.instant().plusSeconds(300), null, null, null);
    }
  }

  @Test
  void hundredConcurrentCallersShareOneFetch() throws Exception {
    MutableClock clock = new MutableClock();
    CountDownLatch release = new CountDownLatch(1);
    Counting source = new Counting(clock, release);
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(pool.submit(source::token));
      }
      Thread.sleep(100); // let the callers pile up behind the first fetch
      release.countDown();
      for (Future<String> answer : answers) {
        assertEquals("t1", answer.get(5, TimeUnit.SECONDS));
      }
      assertEquals(1, source.fetches.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void renewsShortlyBeforeExpiryAndAfterInvalidate() {
    MutableClock clock = new MutableClock();
    CountDownLatch open = new CountDownLatch(0);
    Counting source = new Counting(clock, open);
    assertEquals("t1", source.token());
    clock.now = clock.now.plusSeconds(260);
    assertEquals("t1", source.token());
    clock.now = clock.now.plusSeconds(15); // 25 s left: inside the 30 s margin
    assertEquals("t2", source.token());
    source.invalidate("not-the-current-one");
    assertEquals("t2", source.token());
    source.invalidate("t2");
    assertEquals("t3", source.token());
  }

  @Test
  void aFailedFetchReachesEveryWaiterAndTheNextCallTriesAgain() {
    MutableClock clock = new MutableClock();
    Counting source = new Counting(clock, new CountDownLatch(0));
    source.failure = new OAuthErrorException(401, "invalid_client", "no");
    assertThrows(OAuthErrorException.class, source::token);
    source.failure = null;
    assertEquals("t2", source.token());
  }

  @Test
  void withTokenRetriesOnceOn401() {
    MutableClock clock = new MutableClock();
    Counting source = new Counting(clock, new CountDownLatch(0));
    AtomicInteger calls = new AtomicInteger();
    String answer =
        source.withToken(
            token -> {
              if (calls.incrementAndGet() == 1) {
                throw new ProblemException(401, null, "Unauthorized", "user_ver");
              }
              return token;
            });
    assertEquals("t2", answer);
    assertThrows(
        ProblemException.class,
        () ->
            source.withToken(
                token -> {
                  throw new ProblemException(401, null, "Unauthorized", null);
                }));
  }

  @Test
  void nothingPrintsATokenOrSecret() {
    Tokens tokens =
        new Tokens(
            "access-xyz", "Bearer", Instant.EPOCH.plus(Duration.ofDays(1)), "rt-abc", "a", null);
    assertFalse(tokens.toString().contains("access-xyz"));
    assertFalse(tokens.toString().contains("rt-abc"));
    assertFalse(ClientAuthentication.secret("c", "s3cret").toString().contains("s3cret"));
    assertFalse(new SignetHttp.Basic("c", "s3cret").toString().contains("s3cret"));
  }
}
