package dev.signet.keyring.rotation;

import static dev.signet.keyring.KeyringFixtures.DAY;
import static dev.signet.keyring.KeyringFixtures.kidOf;
import static dev.signet.keyring.KeyringFixtures.state;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import dev.signet.keyring.MutableClock;
import dev.signet.keyring.admin.KeysAdminResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy's algorithm is the one source of truth for what signs: changing it is a rotation like
 * any other (pre-published, then active), one key signs at a time, and the signer follows.
 */
@QuarkusTest
class AlgorithmChangeTest {

  @Inject KeyringFixtures fixtures;
  @Inject MutableClock clock;
  @Inject TestTokens tokens;
  @Inject ActiveKeySigner signer;

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  @AfterEach
  void realTimeAgain() {
    clock.reset();
    // Later tests sign with RS256 through TestTokens: leave no ES256 key active.
    fixtures.reset();
  }

  @Test
  void algorithmChangeIsPrePublishedBeforeItSignsAndTheSignerFollowsIt() {
    String rsa = fixtures.rotate().activated().get(0);
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    putPolicy(admin, "ES256");

    RotationReport prePublish = fixtures.rotate();
    assertEquals(List.of(), prePublish.activated(), "a key of the new algorithm must not sign yet");
    assertEquals(1, prePublish.created().size());
    String ec = prePublish.created().get(0);
    assertEquals("pending", state(ec));
    assertEquals("active", state(rsa));
    assertEquals(List.of(rsa, ec), RotationCycleTest.publishedKids());
    String during = sign();
    assertEquals(
        rsa, kidOf(during), "the old key signs until the new one was published long enough");
    assertEquals("RS256", alg(during));
    assertEquals(SigningAlgorithm.RS256, await(signer.activeAlgorithm()));

    clock.advance(Duration.ofSeconds(DAY - 60));
    assertEquals(List.of(), fixtures.rotate().activated(), "not before the lead time has passed");

    clock.advance(Duration.ofSeconds(120));
    assertEquals(List.of(ec), fixtures.rotate().activated());
    assertEquals("previous", state(rsa));
    assertEquals(
        1, KeyringFixtures.count("SELECT count(*) FROM signing_keys WHERE state = 'active'"));
    assertEquals(List.of(ec, rsa), RotationCycleTest.publishedKids());
    String after = sign();
    assertEquals(ec, kidOf(after));
    assertEquals("ES256", alg(after));
    assertEquals(SigningAlgorithm.ES256, await(signer.activeAlgorithm()));

    // A bearer token the ES256 key signed opens the key ring's own admin API.
    clock.reset();
    String ecToken = await(signer.sign(tokens.claims("root", KeysAdminResource.SCOPE), "at+jwt"));
    given().auth().oauth2(ecToken).get("/v1/keys").then().statusCode(200);
  }

  @Test
  void revokingTheActiveKeyDuringAnAlgorithmChangePromotesTheNewAlgorithm() {
    String rsa = fixtures.rotate().activated().get(0);
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    putPolicy(admin, "EdDSA");
    String pending = fixtures.rotate().created().get(0);
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"reason\":\"leaked\"}")
        .post("/v1/keys/" + rsa + "/revoke")
        .then()
        .statusCode(200)
        .body("promoted.kid", equalTo(pending))
        .body("promoted.alg", equalTo("EdDSA"));
    assertEquals(
        1, KeyringFixtures.count("SELECT count(*) FROM signing_keys WHERE state = 'active'"));
    assertEquals("EdDSA", alg(sign()));
  }

  @Test
  void revertingTheAlgorithmBeforeActivationRetiresTheUnusedPendingKey() {
    String rsa = fixtures.rotate().activated().get(0);
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    putPolicy(admin, "ES256");
    String ec = fixtures.rotate().created().get(0);
    putPolicy(admin, "RS256");
    RotationReport report = fixtures.rotate();
    assertEquals(List.of(ec), report.retired());
    assertEquals("active", state(rsa));
    assertEquals(List.of(rsa), RotationCycleTest.publishedKids());
    clock.advance(Duration.ofSeconds(2 * DAY));
    assertTrue(fixtures.rotate().activated().isEmpty());
    assertEquals(rsa, kidOf(sign()));
  }

  @Test
  void manualRotationToANewAlgorithmSchedulesInsteadOfSigningAtOnce() {
    String rsa = fixtures.rotate().activated().get(0);
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    putPolicy(admin, "ES256");
    given()
        .auth()
        .oauth2(admin)
        .post("/v1/keys/rotate")
        .then()
        .statusCode(202)
        .body("scheduled.alg", equalTo("ES256"))
        .body("scheduled.state", equalTo("pending"));
    assertEquals("active", state(rsa));
    assertEquals(rsa, kidOf(sign()));
  }

  private void putPolicy(String admin, String algorithm) {
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(
            "{\"algorithm\":\""
                + algorithm
                + "\",\"rsa_key_size\":2048,\"rotation_interval_seconds\":2592000,"
                + "\"pre_publish_seconds\":86400,\"grace_period_seconds\":172800,"
                + "\"jwks_cache_max_age_seconds\":900,\"jwks_cache_margin_seconds\":300}")
        .put("/v1/keys/policy")
        .then()
        .statusCode(200)
        .body("algorithm", equalTo(algorithm));
  }

  /** Signs the way token-service does: with whatever key the ring has active. */
  private String sign() {
    return await(signer.sign(new JwtClaims(), "JWT"));
  }

  private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
    return KeyringFixtures.await(() -> uni);
  }

  private static String alg(String jwt) {
    String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    return JsonPath.from(header).getString("alg");
  }
}
