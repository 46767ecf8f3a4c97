package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile values against the admin API (issue 13, item 3): NUL and control characters, very long
 * and mixed-script values, huge numbers and times outside PostgreSQL's range. Each is a 400
 * problem+json that names the field, and nothing is stored; none is a 500.
 */
@QuarkusTest
class ServiceAccountHostileInputTest {

  private static final String BAD = "application/problem+json";

  @Inject TestTokens tokens;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("root", "signet:admin");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Response create(String clientId, String extraJson) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + clientId + "\",\"name\":\"n\",\"scopes\":[]" + extraJson + "}")
        .post("/v1/service-accounts");
  }

  private static long stored(String clientId) {
    return Sql.count("SELECT count(*) FROM service_accounts WHERE client_id = ?", clientId);
  }

  /** A 400 problem+json whose errors name the field, and no account stored. */
  private void refusedNamingField(String extraJson, String field) {
    String id = unique("hostile");
    create(id, extraJson)
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo(field));
    assertEquals(0, stored(id), extraJson);
  }

  @Test
  void nulInNameIs400() {
    String id = unique("nul");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + id + "\",\"name\":\"a\\u0000b\",\"scopes\":[]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("detail", containsString("name"));
    assertEquals(0, stored(id));
  }

  @Test
  void controlCharactersInTextFieldsAre400() {
    for (String field : new String[] {"team", "description"}) {
      String id = unique("ctl");
      create(id, ",\"" + field + "\":\"a\\u001bb\"")
          .then()
          .statusCode(400)
          .contentType(BAD)
          .body("detail", containsString(field));
      assertEquals(0, stored(id));
    }
    // line breaks pass JSON but not a single-line field
    refusedNamingField(",\"team\":\"a\\nb\"", "team");
    refusedNamingField(",\"roles\":[\"r\\tx\"]", "roles");
  }

  @Test
  void veryLongValuesAre400() {
    refusedNamingField(",\"team\":\"" + "t".repeat(201) + "\"", "team");
    refusedNamingField(",\"description\":\"" + "d".repeat(2001) + "\"", "description");
    refusedNamingField(",\"ip_allow_list\":[\"" + "1".repeat(65) + "\"]", "ip_allow_list");
    refusedNamingField(
        ",\"allowed_audiences\":[\"https://" + "a".repeat(500) + "\"]", "allowed_audiences");
  }

  @Test
  void hugeRateLimitIs400() {
    refusedNamingField(",\"rate_limit_per_minute\":9300000000000000", "rate_limit_per_minute");
    refusedNamingField(",\"rate_limit_per_minute\":2000000", "rate_limit_per_minute");
    String id = unique("rl");
    create(id, "").then().statusCode(201);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"rate_limit_per_minute\":9300000000000000}")
        .patch("/v1/service-accounts/" + id)
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", containsString("rate_limit_per_minute"));
  }

  @Test
  void hugeOverlapIs400() {
    String id = unique("ov");
    create(id, "").then().statusCode(201);
    for (String overlap : new String[] {"9300000000000000", "99999999999999999999999", "-1"}) {
      given()
          .auth()
          .oauth2(admin())
          .queryParam("overlap_seconds", overlap)
          .post("/v1/service-accounts/" + id + "/rotate-secret")
          .then()
          .statusCode(400)
          .contentType(BAD)
          .body("errors[0].field", equalTo("overlap_seconds"));
    }
    assertEquals(
        null,
        Sql.row("SELECT previous_secret_hash FROM service_accounts WHERE client_id = ?", id)
            .get("previous_secret_hash"));
  }

  @Test
  void expiresAtOutsidePostgresRangeOrTenYearsIs400() {
    refusedNamingField(",\"expires_at\":\"+200000-01-01T00:00:00Z\"", "expires_at");
    refusedNamingField(",\"expires_at\":\"+1000000000-01-01T00:00:00Z\"", "expires_at");
    Instant eleven = Instant.now().plus(11 * 366, ChronoUnit.DAYS);
    refusedNamingField(",\"expires_at\":\"" + eleven + "\"", "expires_at");
    String id = unique("exp");
    create(id, "").then().statusCode(201);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"expires_at\":\"+200000-01-01T00:00:00Z\"}")
        .patch("/v1/service-accounts/" + id)
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("expires_at"));
  }

  @Test
  void mixedScriptIdentifiersAre400() {
    // Cyrillic a (U+0430) in a client id and a scope: refused, as look-alikes of real ones
    String id = "p\u0430ypal-" + UUID.randomUUID().toString().substring(0, 8);
    create(id, "")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("client_id"));
    assertEquals(0, stored(id));
    String scoped = unique("hostile");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(
            "{\"client_id\":\"" + scoped + "\",\"name\":\"n\",\"scopes\":[\"deploy:wr\u0456te\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("scopes"));
    assertEquals(0, stored(scoped));
  }

  @Test
  void aKeyGivenTwiceIs400NamingIt() {
    String id = unique("twice");
    create(id, ",\"scopes\":[\"signet:admin\"]")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("detail", containsString("'scopes' appears more than once"));
    assertEquals(0, stored(id));
  }

  @Test
  void mixedScriptNamesAreKeptAsGiven() {
    String id = unique("intl");
    String name = "Déploiement Сервис 部署";
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json; charset=UTF-8")
        .body("{\"client_id\":\"" + id + "\",\"name\":\"" + name + "\",\"scopes\":[]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(201)
        .body("account.name", equalTo(name));
  }

  @Test
  void oversizedJwksIs400() {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      keys.append(i == 0 ? "" : ",").append("{\"kty\":\"EC\",\"kid\":\"k").append(i).append("\"}");
    }
    refusedNamingField(
        ",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":{\"keys\":[" + keys + "]}",
        "jwks.keys");
  }

  @Test
  void hostileQueryFiltersCursorsAndPathIdsAre400() {
    String[][] queries = {
      {"team", "t".repeat(201)},
      {"name", "n".repeat(201)},
      {"scope", "s".repeat(201)},
      {"cursor", "c".repeat(100)},
      {"limit", "99999999999999999999"},
      {"limit", "0"}
    };
    for (String[] q : queries) {
      given()
          .auth()
          .oauth2(admin())
          .queryParam(q[0], q[1])
          .get("/v1/service-accounts")
          .then()
          .statusCode(400)
          .contentType(BAD)
          .body("errors[0].field", equalTo(q[0]));
    }
    // an encoded control character never gets past the router (common's filter)
    given()
        .auth()
        .oauth2(admin())
        .queryParam("name", "a\tb")
        .get("/v1/service-accounts")
        .then()
        .statusCode(400)
        .contentType(BAD);
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/service-accounts/" + "x".repeat(300))
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("client_id"));
  }

  @Test
  void hostileIncidentAndTokenFiltersAre400() {
    given()
        .auth()
        .oauth2(admin())
        .queryParam("type", "t".repeat(101))
        .get("/v1/incidents")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("type"));
    given()
        .auth()
        .oauth2(admin())
        .queryParam("client_id", "c".repeat(201))
        .get("/v1/tokens/families")
        .then()
        .statusCode(400)
        .contentType(BAD)
        .body("errors[0].field", equalTo("client_id"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"a\\nb\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType(BAD);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"note\":\"" + "n".repeat(4001) + "\"}")
        .post("/v1/incidents/" + UUID.randomUUID() + "/resolve")
        .then()
        .statusCode(400)
        .contentType(BAD);
  }
}
