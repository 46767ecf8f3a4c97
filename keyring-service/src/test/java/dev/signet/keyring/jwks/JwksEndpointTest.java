package dev.signet.keyring.jwks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import dev.signet.keyring.MutableClock;
import dev.signet.keyring.admin.KeysAdminResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The published key set: content, strong ETag, 304 and a max-age bounded by the next change. */
@QuarkusTest
class JwksEndpointTest {

  @Inject KeyringFixtures fixtures;
  @Inject MutableClock clock;
  @Inject TestTokens tokens;

  /** Other test classes in this JVM (and their tokens) run at real time. */
  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  @BeforeEach
  void oneActiveKey() {
    fixtures.reset();
    fixtures.rotate();
  }

  @Test
  void publishesPublicPartsOnly() {
    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("keys.size()", equalTo(1))
        .body("keys[0].kty", equalTo("RSA"))
        .body("keys[0].use", equalTo("sig"))
        .body("keys[0].alg", equalTo("RS256"))
        .body("keys[0].kid", notNullValue())
        .body("keys[0].n", notNullValue())
        .body("keys[0].e", equalTo("AQAB"))
        .body("keys[0]", not(hasKey("d")))
        .body("keys[0]", not(hasKey("p")));
  }

  @Test
  void strongEtagAnswers304() {
    Response first = given().get("/.well-known/jwks.json");
    String etag = first.header("ETag");
    assertTrue(etag.matches("\"[A-Za-z0-9_-]+\""), etag);
    given()
        .header("If-None-Match", etag)
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(304)
        .header("ETag", equalTo(etag))
        .header("Cache-Control", notNullValue())
        .body(emptyString());
    given()
        .header("If-None-Match", "\"other\", W/" + etag)
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(304);
    given()
        .header("If-None-Match", "\"other\"")
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200);
  }

  @Test
  void etagChangesWithTheKeySet() {
    String before = given().get("/.well-known/jwks.json").header("ETag");
    given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .post("/v1/keys/rotate")
        .then()
        .statusCode(202);
    String after = given().get("/.well-known/jwks.json").header("ETag");
    assertNotEquals(before, after);
    given().header("If-None-Match", before).get("/.well-known/jwks.json").then().statusCode(200);
  }

  @Test
  void maxAgeNeverOutlastsTheNextKeyStateChange() {
    given()
        .get("/.well-known/jwks.json")
        .then()
        .header("Cache-Control", equalTo("public, max-age=900"));
    // The pending key activates one lead time (1 day) from now.
    given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .post("/v1/keys/rotate")
        .then()
        .statusCode(202);
    clock.advance(Duration.ofSeconds(KeyringFixtures.DAY - 120));
    String cacheControl = given().get("/.well-known/jwks.json").header("Cache-Control");
    long maxAge = Long.parseLong(cacheControl.replace("public, max-age=", ""));
    assertTrue(maxAge <= 120 && maxAge >= 100, cacheControl);
  }
}
