package dev.signet.token.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.auth.jwks.JwksLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalJwksTest {

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

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

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  TestOidcIssuer issuer;
  MovableClock clock;
  ExternalJwks jwks;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestOidcIssuer();
    clock = new MovableClock();
    jwks = new ExternalJwks(ExternalJwks.Settings.defaults(), clock);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  ExternalJwks.Source discovered() {
    return new ExternalJwks.Source(issuer.issuer(), Optional.empty());
  }

  ExternalJwks.Source explicit(String path) {
    return new ExternalJwks.Source(issuer.issuer(), Optional.of(issuer.issuer() + path));
  }

  JwksLookup find(ExternalJwks.Source source, String kid) {
    return jwks.find(source, kid).join();
  }

  @Test
  void keysComeFromDiscoveryAndAreCached() {
    PublicJsonWebKey rsa = issuer.newest();
    JwksLookup.Found found =
        assertInstanceOf(JwksLookup.Found.class, find(discovered(), rsa.getKeyId()));
    assertEquals(rsa.getPublicKey(), found.key().getPublicKey());
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "ec-0"));
    assertEquals(1, issuer.jwksFetches());
  }

  @Test
  void rotatedKeyIsFoundByOneRefetchAfterTheInterval() throws Exception {
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "rsa-0"));
    PublicJsonWebKey next = issuer.rotate();
    assertInstanceOf(JwksLookup.UnknownKid.class, find(discovered(), next.getKeyId()));
    assertEquals(1, issuer.jwksFetches(), "no refetch within the interval");
    clock.advance(Duration.ofMinutes(1));
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), next.getKeyId()));
    assertEquals(2, issuer.jwksFetches());
  }

  @Test
  void floodOfRandomKidsReachesTheIssuerAtMostOncePerInterval() {
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "rsa-0"));
    clock.advance(Duration.ofMinutes(1));
    List<CompletableFuture<JwksLookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lookups.add(jwks.find(discovered(), UUID.randomUUID().toString()));
    }
    for (CompletableFuture<JwksLookup> lookup : lookups) {
      assertInstanceOf(JwksLookup.UnknownKid.class, lookup.join());
    }
    assertEquals(2, issuer.jwksFetches(), "the initial fetch and one refetch in flight");
    for (int i = 0; i < 100; i++) {
      assertInstanceOf(
          JwksLookup.UnknownKid.class, find(discovered(), UUID.randomUUID().toString()));
    }
    assertEquals(2, issuer.jwksFetches(), "later unknown kids wait for the next interval");
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "ec-0"));
    assertEquals(2, issuer.jwksFetches());
  }

  @Test
  void missingKidIsNeverLookedUp() {
    assertInstanceOf(JwksLookup.UnknownKid.class, find(discovered(), null));
    assertInstanceOf(JwksLookup.UnknownKid.class, find(discovered(), ""));
    assertEquals(0, issuer.jwksFetches());
  }

  @Test
  void oversizedKeySetIsRefused() {
    JwksLookup.Unavailable refused =
        assertInstanceOf(JwksLookup.Unavailable.class, find(explicit("/big"), "rsa-0"));
    assertTrue(refused.reason().contains("over"), refused.reason());
  }

  @Test
  void redirectIsFollowedOnlyOnTheIssuersHost() {
    assertInstanceOf(JwksLookup.Found.class, find(explicit("/redirect-same"), "rsa-0"));
    JwksLookup.Unavailable refused =
        assertInstanceOf(JwksLookup.Unavailable.class, find(explicit("/redirect-other"), "rsa-0"));
    assertEquals("redirect leaves the issuer's host", refused.reason());
  }

  @Test
  void discoveryForAnotherIssuerOrHostIsRefused() {
    issuer.discoveryIssuer = "https://token.actions.githubusercontent.com";
    assertEquals(
        new JwksLookup.Unavailable("discovery document names another issuer"),
        find(discovered(), "rsa-0"));
    issuer.discoveryIssuer = issuer.issuer();
    issuer.discoveryJwksUri = "http://localhost:" + issuer.port() + "/jwks";
    clock.advance(Duration.ofMinutes(1));
    assertEquals(
        new JwksLookup.Unavailable("jwks_uri is not on the issuer's host"),
        find(discovered(), "rsa-0"));
    assertEquals(0, issuer.jwksFetches());
  }

  @Test
  void stallingIssuerTimesOut() {
    ExternalJwks.Settings d = ExternalJwks.Settings.defaults();
    ExternalJwks quick =
        new ExternalJwks(
            new ExternalJwks.Settings(
                Duration.ofMillis(300),
                d.maxBodyBytes(),
                d.refetchInterval(),
                d.minCache(),
                d.maxCache(),
                d.defaultCache()),
            clock);
    assertEquals(
        new JwksLookup.Unavailable("issuer did not answer in time"),
        quick.find(explicit("/stall"), "rsa-0").join());
  }

  @Test
  void cacheControlIsHonouredWithinBounds() {
    issuer.cacheControl = "max-age=0";
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "rsa-0"));
    clock.advance(Duration.ofSeconds(30));
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "rsa-0"));
    assertEquals(1, issuer.jwksFetches(), "max-age=0 is raised to the one-minute floor");
    clock.advance(Duration.ofSeconds(31));
    assertInstanceOf(JwksLookup.Found.class, find(discovered(), "rsa-0"));
    assertEquals(2, issuer.jwksFetches(), "expired set refetched");
    issuer.cacheControl = "max-age=99999999999";
    clock.advance(Duration.ofMinutes(2));
    find(discovered(), "rsa-0");
    assertEquals(3, issuer.jwksFetches());
    clock.advance(Duration.ofHours(24).plusSeconds(1));
    find(discovered(), "rsa-0");
    assertEquals(4, issuer.jwksFetches(), "max-age is capped at 24 h");
  }
}
