package dev.signet.keyring.admin;

import static dev.signet.keyring.KeyringFixtures.kidOf;
import static dev.signet.keyring.KeyringFixtures.state;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.keyring.KeyringFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Emergency revocation: gone from JWKS at once, a fresh key signs, old tokens stop working. */
@QuarkusTest
class KeyRevocationTest {

  @Inject KeyringFixtures fixtures;
  @Inject TestTokens tokens;

  @BeforeEach
  void emptyRing() {
    fixtures.reset();
  }

  @Test
  void revokingTheActiveKeyPromotesAFreshKeyAndUnpublishesAtOnce() {
    String compromised = fixtures.rotate().activated().get(0);
    String adminToken = tokens.bearer("root", KeysAdminResource.SCOPE);
    assertEquals(compromised, kidOf(adminToken));

    String promoted =
        given()
            .auth()
            .oauth2(adminToken)
            .contentType("application/json")
            .body("{\"reason\":\"private key leaked\"}")
            .when()
            .post("/v1/keys/" + compromised + "/revoke")
            .then()
            .statusCode(200)
            .body("revoked.kid", equalTo(compromised))
            .body("revoked.state", equalTo("revoked"))
            .body("revoked.revoke_reason", equalTo("private key leaked"))
            .body("promoted.state", equalTo("active"))
            .extract()
            .path("promoted.kid");
    assertNotEquals(compromised, promoted);

    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .body("keys.kid", not(hasItem(compromised)))
        .body("keys.kid", hasItem(promoted));

    // Tokens the revoked key signed no longer verify anywhere.
    given().auth().oauth2(adminToken).get("/v1/keys").then().statusCode(401);
    String fresh = tokens.bearer("root", KeysAdminResource.SCOPE);
    assertEquals(promoted, kidOf(fresh));
    given().auth().oauth2(fresh).get("/v1/keys").then().statusCode(200);
  }

  @Test
  void revokingAPendingKeyPromotesNothing() {
    fixtures.rotate();
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    String pending =
        given()
            .auth()
            .oauth2(admin)
            .post("/v1/keys/rotate")
            .then()
            .statusCode(202)
            .body("scheduled.state", equalTo("pending"))
            .extract()
            .path("scheduled.kid");
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"reason\":\"not needed\"}")
        .post("/v1/keys/" + pending + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked.kid", equalTo(pending))
        .body("promoted", nullValue());
    assertEquals("revoked", state(pending));
    given().get("/.well-known/jwks.json").then().body("keys.kid", not(hasItem(pending)));
  }

  /** A token with only the revocation's audience revokes a key and opens nothing else. */
  @Test
  void aTokenScopedToTheRevocationAudienceRevokesAndOpensNothingElse() {
    fixtures.rotate();
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    String pending =
        given()
            .auth()
            .oauth2(admin)
            .post("/v1/keys/rotate")
            .then()
            .statusCode(202)
            .extract()
            .path("scheduled.kid");
    JwtClaims claims = tokens.claims("root", KeysAdminResource.SCOPE);
    claims.setAudience(KeysAdminResource.REVOKE_AUDIENCE);
    String revoker = tokens.sign(claims);
    given()
        .auth()
        .oauth2(revoker)
        .get("/v1/keys")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("wrong_audience"));
    given()
        .auth()
        .oauth2(revoker)
        .post("/v1/keys/rotate?immediate=true")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("wrong_audience"));
    JwtClaims other = tokens.claims("root", KeysAdminResource.SCOPE);
    other.setAudience("jobs.abort");
    given()
        .auth()
        .oauth2(tokens.sign(other))
        .contentType("application/json")
        .body("{\"reason\":\"wrong audience\"}")
        .post("/v1/keys/" + pending + "/revoke")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("wrong_audience"));
    assertEquals("pending", state(pending));
    given()
        .auth()
        .oauth2(revoker)
        .contentType("application/json")
        .body("{\"reason\":\"break-glass\"}")
        .post("/v1/keys/" + pending + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked.kid", equalTo(pending));
    assertEquals("revoked", state(pending));
  }

  @Test
  void emergencyRevokeOpensAnIncidentInTheSameTransactionAsTheRevoke() {
    String compromised = fixtures.rotate().activated().get(0);
    String adminToken = tokens.bearer("root", KeysAdminResource.SCOPE);
    long revokedEvents = KeyringFixtures.auditEvents("key.revoked");
    given()
        .auth()
        .oauth2(adminToken)
        .contentType("application/json")
        .body("{\"reason\":\"HSM export found on a laptop\"}")
        .post("/v1/keys/" + compromised + "/revoke")
        .then()
        .statusCode(200);
    assertEquals(revokedEvents + 1, KeyringFixtures.auditEvents("key.revoked"));
    List<String> incidents =
        KeyringFixtures.strings(
            "SELECT payload::text FROM outbox WHERE event_type = 'incident.key_revoked'"
                + " AND payload->'attributes'->>'kid' = ?",
            compromised);
    assertEquals(1, incidents.size(), "one incident event for the revoked key");
    JsonPath incident = JsonPath.from(incidents.get(0));
    assertEquals("incident.key_revoked", incident.getString("type"));
    assertEquals("keyring", incident.getString("service"));
    assertEquals(compromised, incident.getString("target"));
    assertEquals("root", incident.getString("actor"));
    assertEquals(compromised, incident.getString("attributes.kid"));
    assertEquals("RS256", incident.getString("attributes.algorithm"));
    assertEquals("HSM export found on a laptop", incident.getString("attributes.reason"));
    assertEquals("root", incident.getString("attributes.actor"));
    // Written with the revoke: the revoked key and its incident share the transaction's time.
    assertEquals(
        1,
        KeyringFixtures.count(
            "SELECT count(*) FROM outbox o JOIN signing_keys k ON k.kid = ?"
                + " WHERE o.event_type = 'incident.key_revoked'"
                + " AND o.payload->'attributes'->>'kid' = k.kid AND k.state = 'revoked'",
            compromised));
  }

  @Test
  void refusedRevokeOpensNoIncident() {
    String kid = fixtures.rotate().activated().get(0);
    String admin = tokens.bearer("root", KeysAdminResource.SCOPE);
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"reason\":\"first\"}")
        .post("/v1/keys/" + kid + "/revoke")
        .then()
        .statusCode(200);
    long incidents = KeyringFixtures.auditEvents("incident.key_revoked");
    given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .contentType("application/json")
        .body("{\"reason\":\"again\"}")
        .post("/v1/keys/" + kid + "/revoke")
        .then()
        .statusCode(409);
    assertEquals(incidents, KeyringFixtures.auditEvents("incident.key_revoked"));
  }

  @Test
  void revokeNeedsAReason() {
    fixtures.rotate();
    String kid = fixtures.rotate().changed() ? null : activeKid();
    given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .contentType("application/json")
        .body("{\"reason\":\"\"}")
        .post("/v1/keys/" + kid + "/revoke")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors", notNullValue());
  }

  private String activeKid() {
    return given()
        .auth()
        .oauth2(tokens.bearer("root", KeysAdminResource.SCOPE))
        .get("/v1/keys")
        .then()
        .extract()
        .path("find { it.state == 'active' }.kid");
  }
}
