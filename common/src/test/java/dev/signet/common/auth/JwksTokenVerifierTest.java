package dev.signet.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.auth.jwks.IssuerJwks;
import dev.signet.common.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JwksTokenVerifier} against a real issuer over HTTP (discovery, JWKS, rotation), with a
 * clock the test moves: every check of the database verifier, the key cache within bounds, and
 * unknown kids that reach the JWKS server at most once per refetch interval.
 */
class JwksTokenVerifierTest {

  private static final Duration INTERVAL = Duration.ofSeconds(30);

  /** A clock the test moves; the verifier reads it for token times and for its cache. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  JwksTestIssuer issuer;
  MovableClock clock;
  JwksTokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    issuer = new JwksTestIssuer();
    clock = new MovableClock();
    verifier = verifier(Optional.empty());
  }

  private JwksTokenVerifier verifier(Optional<String> jwksUri) {
    IssuerJwks jwks =
        new IssuerJwks(
            issuer.issuer(),
            jwksUri,
            new IssuerJwks.Settings(
                Duration.ofSeconds(5),
                100 * 1024,
                INTERVAL,
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofMinutes(5)),
            clock);
    return new JwksTokenVerifier(jwks, issuer.issuer(), clock, () -> Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    issuer.close();
  }

  private JwtClaims claims() {
    JwtClaims claims = new JwtClaims();
    long now = clock.millis();
    claims.setIssuer(issuer.issuer());
    claims.setSubject("svc-orders");
    claims.setAudience("jobs.abort");
    claims.setClaim("scope", "jobs:abort");
    claims.setIssuedAt(NumericDate.fromMilliseconds(now));
    claims.setNotBefore(NumericDate.fromMilliseconds(now));
    claims.setExpirationTime(NumericDate.fromMilliseconds(now + 300_000));
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  private VerifiedToken verify(String jwt) {
    return verifier.verify(jwt).await().atMost(Duration.ofSeconds(10));
  }

  private String refusal(String jwt) {
    InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verify(jwt));
    return e.reason();
  }

  @Test
  void tokensSignedWithEachPublishedKeyTypeVerify() throws Exception {
    for (PublicJsonWebKey key : List.of(issuer.rsa(), issuer.ec(), issuer.ed())) {
      VerifiedToken token = verify(JwksTestIssuer.sign(key, claims()));
      assertEquals(key.getKeyId(), token.kid());
      assertEquals("svc-orders", token.subject());
      assertEquals(List.of("jobs.abort"), token.claims().getAudience());
    }
    // One discovery, one key set: the rest came from the cache.
    assertEquals(1, issuer.discoveryFetches());
    assertEquals(1, issuer.jwksFetches());
  }

  @Test
  void anExplicitJwksUrlSkipsDiscovery() throws Exception {
    verifier = verifier(Optional.of(issuer.issuer() + "/.well-known/jwks.json"));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(0, issuer.discoveryFetches());
    assertEquals(1, issuer.jwksFetches());
  }

  @Test
  void aRotatedKeyIsPickedUpAndARetiredOneIsRefused() throws Exception {
    PublicJsonWebKey old = issuer.rsa();
    verify(JwksTestIssuer.sign(old, claims()));
    PublicJsonWebKey fresh = issuer.rotate();
    issuer.retireOld();
    clock.advance(INTERVAL.plusSeconds(1));
    // The new kid is unknown to the cached set: one refetch, and it verifies.
    verify(JwksTestIssuer.sign(fresh, claims()));
    assertEquals(2, issuer.jwksFetches());
    // The refetched set no longer has the old key.
    assertEquals("unknown_kid", refusal(JwksTestIssuer.sign(old, claims())));
    assertEquals(2, issuer.jwksFetches());
  }

  @Test
  void aThousandRandomKidsReachTheJwksServerAtMostOncePerInterval() throws Exception {
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    clock.advance(INTERVAL.plusSeconds(1));
    int before = issuer.jwksFetches();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String kid = "random-" + UUID.randomUUID();
        String jwt =
            JwksTestIssuer.sign(
                issuer.rsa(), AlgorithmIdentifiers.RSA_USING_SHA256, kid, "at+jwt", claims());
        answers.add(pool.submit(() -> refusal(jwt)));
      }
      for (Future<String> answer : answers) {
        assertEquals("unknown_kid", answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(
        issuer.jwksFetches() - before <= 1,
        "1,000 random kids fetched the JWKS " + (issuer.jwksFetches() - before) + " times");
    // The known key still verifies from the cache meanwhile.
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    // The next interval allows one more refetch, and only one.
    clock.advance(INTERVAL.plusSeconds(1));
    int next = issuer.jwksFetches();
    for (int i = 0; i < 50; i++) {
      refusal(
          JwksTestIssuer.sign(
              issuer.rsa(),
              AlgorithmIdentifiers.RSA_USING_SHA256,
              "random-" + i,
              "at+jwt",
              claims()));
    }
    assertEquals(next + 1, issuer.jwksFetches());
  }

  @Test
  void cacheControlIsHonouredWithinBounds() throws Exception {
    issuer.cacheControl = "max-age=999999999";
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    clock.advance(Duration.ofMinutes(59));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(1, issuer.jwksFetches());
    // Past the upper bound (1 h) the set is fetched again, even for a known kid.
    clock.advance(Duration.ofMinutes(2));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(2, issuer.jwksFetches());

    // no-store counts as the lower bound (30 s): no fetch per token.
    issuer.cacheControl = "no-store";
    clock.advance(Duration.ofHours(2));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(3, issuer.jwksFetches());
    clock.advance(Duration.ofSeconds(20));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(3, issuer.jwksFetches());
    clock.advance(Duration.ofSeconds(15));
    verify(JwksTestIssuer.sign(issuer.rsa(), claims()));
    assertEquals(4, issuer.jwksFetches());
  }

  @Test
  void headersThatBreakTheRulesAreRefused() throws Exception {
    PublicJsonWebKey rsa = issuer.rsa();
    String rs256 = AlgorithmIdentifiers.RSA_USING_SHA256;
    assertEquals("missing_kid", refusal(JwksTestIssuer.sign(rsa, rs256, null, "at+jwt", claims())));
    assertEquals(
        "wrong_type", refusal(JwksTestIssuer.sign(rsa, rs256, rsa.getKeyId(), "JWT", claims())));
    assertEquals(
        "wrong_type", refusal(JwksTestIssuer.sign(rsa, rs256, rsa.getKeyId(), null, claims())));
    // The EC key's kid with an RSA signature: the alg is pinned to the key's.
    assertEquals(
        "alg_mismatch",
        refusal(JwksTestIssuer.sign(rsa, rs256, issuer.ec().getKeyId(), "at+jwt", claims())));
    // A stranger's key under a published kid.
    PublicJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
    assertEquals(
        "bad_signature",
        refusal(JwksTestIssuer.sign(stranger, rs256, rsa.getKeyId(), "at+jwt", claims())));

    String payload = claims().toJson();
    String none =
        b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + rsa.getKeyId() + "\"}")
            + "."
            + b64(payload)
            + ".";
    assertEquals("unsupported_alg", refusal(none));

    JsonWebSignature hs = new JsonWebSignature();
    hs.setPayload(payload);
    hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hs.setKeyIdHeaderValue(rsa.getKeyId());
    hs.setHeader("typ", "at+jwt");
    hs.setKey(new HmacKey(rsa.getPublicKey().getEncoded()));
    hs.setDoKeyValidation(false);
    assertEquals("unsupported_alg", refusal(hs.getCompactSerialization()));
  }

  @Test
  void badClaimsAreRefused() throws Exception {
    PublicJsonWebKey rsa = issuer.rsa();
    long now = clock.millis();

    JwtClaims foreign = claims();
    foreign.setIssuer("https://issuer.example");
    assertEquals("wrong_issuer", refusal(JwksTestIssuer.sign(rsa, foreign)));

    JwtClaims expired = claims();
    expired.setExpirationTime(NumericDate.fromMilliseconds(now - 60_000));
    assertEquals("expired", refusal(JwksTestIssuer.sign(rsa, expired)));

    JwtClaims notYet = claims();
    notYet.setNotBefore(NumericDate.fromMilliseconds(now + 120_000));
    assertEquals("not_yet_valid", refusal(JwksTestIssuer.sign(rsa, notYet)));

    JwtClaims future = claims();
    future.setIssuedAt(NumericDate.fromMilliseconds(now + 120_000));
    assertEquals("issued_in_future", refusal(JwksTestIssuer.sign(rsa, future)));

    // Within the 30 s skew, an early iat and a just-expired exp still pass.
    JwtClaims early = claims();
    early.setIssuedAt(NumericDate.fromMilliseconds(now + 20_000));
    verify(JwksTestIssuer.sign(rsa, early));
    JwtClaims late = claims();
    late.setIssuedAt(NumericDate.fromMilliseconds(now - 120_000));
    late.setNotBefore(NumericDate.fromMilliseconds(now - 120_000));
    late.setExpirationTime(NumericDate.fromMilliseconds(now - 20_000));
    verify(JwksTestIssuer.sign(rsa, late));

    JwtClaims noExp = claims();
    noExp.unsetClaim("exp");
    assertEquals("missing_exp", refusal(JwksTestIssuer.sign(rsa, noExp)));

    for (String value : List.of("a".repeat(10_000), "x".repeat(20_000), "a.b", "\u0000.\u0001.")) {
      assertInstanceOf(String.class, refusal(value));
    }
  }

  @Test
  void aDiscoveryDocumentForAnotherIssuerIsNoKeySource() throws Exception {
    issuer.discoveryIssuer = "https://evil.example";
    assertThrows(ProblemException.class, () -> verify(JwksTestIssuer.sign(issuer.rsa(), claims())));
    assertEquals(0, issuer.jwksFetches());
  }

  @Test
  void anUnreachableIssuerIsUnavailableNotInvalid() throws Exception {
    String jwt = JwksTestIssuer.sign(issuer.rsa(), claims());
    issuer.close();
    ProblemException e = assertThrows(ProblemException.class, () -> verify(jwt));
    assertEquals(503, e.problem().status());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
