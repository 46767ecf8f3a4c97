package dev.signet.keyring.rotation;

import static dev.signet.keyring.KeyringFixtures.DAY;
import static dev.signet.keyring.KeyringFixtures.auditEvents;
import static dev.signet.keyring.KeyringFixtures.kidOf;
import static dev.signet.keyring.KeyringFixtures.state;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import dev.signet.keyring.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduled lifecycle, driven by the test clock: pending, active, previous, retired. */
@QuarkusTest
class RotationCycleTest {

  @Inject KeyringFixtures fixtures;
  @Inject MutableClock clock;
  @Inject TestTokens tokens;

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
  void firstRunCreatesAndActivatesTheInitialKey() {
    RotationReport report = fixtures.rotate();
    assertEquals(1, report.created().size());
    assertEquals(report.created(), report.activated());
    assertEquals("active", state(report.activated().get(0)));
    assertFalse(fixtures.rotate().changed(), "a second run has nothing to do");
  }

  @Test
  void fullRotationCyclePublishesBeforeSigningAndRetiresAfterTheGrace() throws Exception {
    String first = fixtures.rotate().activated().get(0);
    String tokenByFirst = tokens.bearer("svc", "x");
    assertEquals(first, kidOf(tokenByFirst));

    clock.advance(Duration.ofSeconds(28 * DAY));
    assertFalse(fixtures.rotate().changed(), "too early for a successor");

    // 30-day interval minus the 1-day lead: the successor is published, not yet signing.
    clock.advance(Duration.ofSeconds(DAY + 60));
    RotationReport prePublish = fixtures.rotate();
    assertEquals(1, prePublish.created().size());
    assertTrue(prePublish.activated().isEmpty());
    String second = prePublish.created().get(0);
    assertEquals("pending", state(second));
    assertEquals(List.of(first, second), publishedKids());
    assertEquals(first, kidOf(tokens.bearer("svc", "x")), "a pending key never signs");

    clock.advance(Duration.ofSeconds(DAY));
    RotationReport rotation = fixtures.rotate();
    assertEquals(List.of(second), rotation.activated());
    assertEquals("previous", state(first));
    assertEquals(List.of(second, first), publishedKids());
    assertTrue(verifiesAgainstJwks(tokenByFirst), "tokens signed before still verify");
    assertEquals(second, kidOf(tokens.bearer("svc", "x")), "the new key signs at once");

    clock.advance(Duration.ofSeconds(DAY));
    assertFalse(fixtures.rotate().changed(), "previous key stays through the grace period");

    clock.advance(Duration.ofSeconds(DAY + 60));
    RotationReport retirement = fixtures.rotate();
    assertEquals(List.of(first), retirement.retired());
    assertEquals("retired", state(first));
    assertEquals(List.of(second), publishedKids());
    assertFalse(verifiesAgainstJwks(tokenByFirst), "a retired key is gone from JWKS");
    assertNotEquals(0, auditEvents("key.retired"));
  }

  @Test
  void transitionsAreAuditedThroughTheOutbox() {
    long generated = auditEvents("key.generated");
    long activated = auditEvents("key.activated");
    fixtures.rotate();
    assertEquals(generated + 1, auditEvents("key.generated"));
    assertEquals(activated + 1, auditEvents("key.activated"));
    List<String> leaks =
        KeyringFixtures.strings(
            "SELECT payload::text FROM outbox WHERE event_type LIKE 'key.%'"
                + " AND (payload::text ILIKE '%ciphertext%' OR payload::text LIKE '%PRIVATE KEY%'"
                + " OR payload::text LIKE '%pkcs8%')");
    assertEquals(List.of(), leaks);
    assertEquals(
        List.of("object"),
        KeyringFixtures.strings("SELECT DISTINCT jsonb_typeof(public_jwk) FROM signing_keys"));
  }

  @Test
  void signingWithoutAnActiveKeyFailsInsteadOfMakingOneUp() {
    var signer =
        io.quarkus.arc.Arc.container().instance(dev.signet.common.keys.ActiveKeySigner.class).get();
    signer.invalidate();
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> KeyringFixtures.await(() -> signer.sign(new org.jose4j.jwt.JwtClaims(), "JWT")));
    assertTrue(String.valueOf(e.getCause()).contains("No active signing key"), String.valueOf(e));
    assertEquals(0, KeyringFixtures.count("SELECT count(*) FROM signing_keys"));
  }

  static List<String> publishedKids() {
    return given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("keys.kid");
  }

  static boolean verifiesAgainstJwks(String jwt) throws Exception {
    String body = given().get("/.well-known/jwks.json").then().extract().asString();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(jwt);
    JsonWebKey key =
        new VerificationJwkSelector().select(jws, new JsonWebKeySet(body).getJsonWebKeys());
    if (key == null) {
      return false;
    }
    jws.setKey(key.getKey());
    return jws.verifySignature();
  }
}
