package dev.signet.token.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanonicalPageOriginTest {

  private static PagesConfig config(String canonical) {
    return new PagesConfig() {
      @Override
      public Duration sessionIdleTimeout() {
        return Duration.ofMinutes(15);
      }

      @Override
      public Duration sessionLifetime() {
        return Duration.ofHours(12);
      }

      @Override
      public Optional<List<String>> origins() {
        return Optional.empty();
      }

      @Override
      public Optional<String> canonicalOrigin() {
        return Optional.ofNullable(canonical);
      }

      @Override
      public Duration inviteSessionLifetime() {
        return Duration.ofMinutes(15);
      }

      @Override
      public Optional<String> adminApiUrl() {
        return Optional.empty();
      }
    };
  }

  private final CanonicalPageOrigin origin =
      new CanonicalPageOrigin(config("http://localhost:8081"));

  @Test
  void aPageUnderAnotherNameMovesToTheCanonicalOriginWithItsQuery() {
    assertEquals(
        Optional.of("http://localhost:8081/oauth2/authorize?client_id=signet-cli&state=a%20b"),
        origin.target(
            true,
            "/oauth2/authorize",
            "/oauth2/authorize?client_id=signet-cli&state=a%20b",
            "http",
            "127.0.0.1:8081"));
    assertEquals(
        Optional.of("http://localhost:8081/device?user_code=ABCD-EFGH"),
        origin.target(true, "/device", "/device?user_code=ABCD-EFGH", "http", "127.0.0.1:8081"));
  }

  @Test
  void theCanonicalOriginPostsApisAndHostileValuesStayWhereTheyAre() {
    assertTrue(origin.target(true, "/signin", "/signin", "http", "localhost:8081").isEmpty());
    assertTrue(origin.target(true, "/signin", "/signin", "http", "LOCALHOST:8081").isEmpty());
    assertTrue(origin.target(false, "/signin", "/signin", "http", "127.0.0.1:8081").isEmpty());
    assertTrue(
        origin.target(true, "/oauth2/token", "/oauth2/token", "http", "127.0.0.1:8081").isEmpty());
    assertTrue(origin.target(true, "/v1/device", "/v1/device", "http", "127.0.0.1:8081").isEmpty());
    assertTrue(
        origin.target(true, "/signin", "/signin?x=\u0000", "http", "127.0.0.1:8081").isEmpty());
    assertTrue(origin.target(true, "/signin", "/signin", "http", "evil host").isEmpty());
    assertTrue(origin.target(true, "/signin", "/signin", "http", null).isEmpty());
    // The target is the configured origin, never the Host header.
    assertEquals(
        Optional.of("http://localhost:8081/signin"),
        origin.target(true, "/signin", "/signin", "http", "evil.example"));
  }

  @Test
  void withoutACanonicalOriginNothingMoves() {
    CanonicalPageOrigin off = new CanonicalPageOrigin(config(null));
    assertTrue(off.target(true, "/signin", "/signin", "http", "127.0.0.1:8081").isEmpty());
  }
}
