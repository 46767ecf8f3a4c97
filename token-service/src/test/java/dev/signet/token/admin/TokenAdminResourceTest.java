package dev.signet.token.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** admin-api's view of tokens: families, revocations, lookup; internal callers only. */
@QuarkusTest
class TokenAdminResourceTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private RequestSpecification internal() {
    return given()
        .header(
            "Authorization",
            "Bearer " + tokens.bearer(Fixtures.activeAccount("admin-api"), "signet:internal"))
        .contentType("application/json");
  }

  /** A client with refresh enabled and one token response: access and refresh token. */
  private record Issued(Fixtures.Account client, String access, String refresh) {}

  private static Issued issue(Fixtures.Account client) {
    var body = client.token().then().statusCode(200).extract();
    return new Issued(client, body.path("access_token"), body.path("refresh_token"));
  }

  private static String jti(Fixtures.Account client, String access) {
    return client.introspect(access).then().body("active", equalTo(true)).extract().path("jti");
  }

  private static List<String> families(String clientId) {
    return Fixtures.column(
        "SELECT DISTINCT family_id::text FROM refresh_tokens WHERE client_id = ?", clientId);
  }

  @Test
  void familiesAreListedNewestFirstWithStatusAndStablePages() {
    var client = Fixtures.account().refreshEnabled().create();
    List<String> issuedOrder = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Issued issued = issue(client);
      issuedOrder.add(
          0,
          families(client.clientId).stream()
              .filter(f -> !issuedOrder.contains(f))
              .findFirst()
              .orElseThrow());
      if (i == 0) {
        // The first family rotates once.
        client.refresh(issued.refresh()).then().statusCode(200);
      }
    }
    internal()
        .queryParam("client_id", client.clientId)
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(200)
        .body("items", hasSize(3))
        .body("items.family_id", equalTo(issuedOrder))
        .body("items[2].rotation_count", equalTo(1))
        .body("items[2].last_rotated_at", notNullValue())
        .body("items[0].status", equalTo("active"))
        .body("items[0].client_id", equalTo(client.clientId))
        .body("items[0].subject", equalTo(client.clientId))
        .body("items[0].scope", equalTo("orders:read orders:write"))
        .body("items[0].revoked_at", nullValue())
        .body("next_cursor", nullValue());

    // Pages of one, with a new family issued between pages: nothing repeats, nothing is skipped.
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      var spec = internal().queryParam("client_id", client.clientId).queryParam("limit", 1);
      if (cursor != null) {
        spec = spec.queryParam("cursor", cursor);
      }
      var page = spec.get("/internal/v1/tokens/families").then().statusCode(200).extract();
      List<String> ids = page.path("items.family_id");
      ids.forEach(id -> assertEquals(true, seen.add(id), "repeated " + id));
      cursor = page.path("next_cursor");
      if (pages++ == 0) {
        issue(client);
      }
    } while (cursor != null);
    assertEquals(new HashSet<>(issuedOrder), seen);

    // Revoke the newest listed family; the status filter finds it.
    String revoked = issuedOrder.get(0);
    internal()
        .body("{\"reason\":\"laptop stolen\",\"actor\":\"alice\"}")
        .post("/internal/v1/tokens/families/" + revoked + "/revoke")
        .then()
        .statusCode(200)
        .body("family_id", equalTo(revoked))
        .body("revoked_tokens", equalTo(1));
    internal()
        .queryParam("subject", client.clientId)
        .queryParam("status", "revoked")
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(200)
        .body("items.family_id", equalTo(List.of(revoked)))
        .body("items[0].revoke_reason", equalTo("laptop stolen"))
        .body("items[0].revoked_at", notNullValue());
    assertEquals(
        List.of("alice"),
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "->>'actor' FROM outbox"
                + " WHERE event_type = 'token.admin_revoked' AND "
                + Fixtures.EVENT
                + "->>'target' = ?",
            "refresh_family/" + revoked));
  }

  @Test
  void revokedFamilyRefreshTokenNoLongerWorks() {
    Issued issued = issue(Fixtures.account().refreshEnabled().create());
    String family = families(issued.client().clientId).get(0);
    internal()
        .body("{\"actor\":\"alice\"}")
        .post("/internal/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked_tokens", equalTo(1));
    issued
        .client()
        .refresh(issued.refresh())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    // Revoking again changes nothing but is not an error.
    internal()
        .body("{\"actor\":\"alice\"}")
        .post("/internal/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked_tokens", equalTo(0));
  }

  @Test
  void revokingAllOfAClientKillsItsAccessAndRefreshTokens() {
    var client = Fixtures.account().refreshEnabled().create();
    var bystander = Fixtures.account().refreshEnabled().create();
    var resourceServer = Fixtures.account().create();
    Issued first = issue(client);
    Issued second = issue(client);
    Issued other = issue(bystander);
    String jti = jti(client, first.access());

    internal()
        .body(
            "{\"client_id\":\""
                + client.clientId
                + "\",\"reason\":\"offboarding\",\"actor\":\"bob\"}")
        .post("/internal/v1/tokens/revocations")
        .then()
        .statusCode(200)
        .body("client_id", equalTo(client.clientId))
        .body("subject", nullValue())
        .body("revoked_families", equalTo(2))
        .body("revoked_refresh_tokens", equalTo(2))
        .body("denylisted_jtis", equalTo(2))
        .body("revoked_before", notNullValue());

    resourceServer.introspect(first.access()).then().statusCode(200).body("active", equalTo(false));
    resourceServer.introspect(second.access()).then().body("active", equalTo(false));
    client.refresh(first.refresh()).then().statusCode(400).body("error", equalTo("invalid_grant"));
    client.refresh(second.refresh()).then().statusCode(400);
    // The bystander is untouched.
    resourceServer.introspect(other.access()).then().body("active", equalTo(true));
    bystander.refresh(other.refresh()).then().statusCode(200);

    internal()
        .get("/internal/v1/tokens/" + jti)
        .then()
        .statusCode(200)
        .body("token_type", equalTo("access_token"))
        .body("status", equalTo("revoked"))
        .body("revoke_reason", equalTo("offboarding"));
    assertEquals(
        List.of("bob"),
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "->>'actor' FROM outbox"
                + " WHERE event_type = 'token.admin_revoked_all' AND "
                + Fixtures.EVENT
                + "->>'target' = ?",
            "client/" + client.clientId));
  }

  @Test
  void theCutoffAloneRefusesAccessTokensThatWereNotDenylisted() {
    var client = Fixtures.account().create();
    var resourceServer = Fixtures.account().create();
    Issued issued = issue(client);
    // As if the issuance event were gone (e.g. purged): only the cutoff can refuse the token.
    Fixtures.update(
        "DELETE FROM outbox WHERE event_type = 'token.issued' AND "
            + Fixtures.EVENT
            + "->>'actor' = ?",
        client.clientId);
    internal()
        .body("{\"subject\":\"" + client.clientId + "\",\"actor\":\"bob\"}")
        .post("/internal/v1/tokens/revocations")
        .then()
        .statusCode(200)
        .body("subject", equalTo(client.clientId))
        .body("client_id", nullValue())
        .body("denylisted_jtis", equalTo(0))
        .body("revoked_families", equalTo(0));
    // A cutoff covers the whole seconds before its own (iat has no finer precision); as if the
    // revocation had come a second later, so the token's second lies before the cutoff's.
    Fixtures.update(
        "UPDATE token_revocation_cutoffs SET revoked_before = revoked_before + interval '1 second'"
            + " WHERE kind = 'subject' AND value = ?",
        client.clientId);
    resourceServer.introspect(issued.access()).then().body("active", equalTo(false));

    // A cutoff refuses only what was issued at or before it.
    Fixtures.update(
        "UPDATE token_revocation_cutoffs SET revoked_before = now() - interval '1 hour'"
            + " WHERE kind = 'subject' AND value = ?",
        client.clientId);
    resourceServer.introspect(issued.access()).then().body("active", equalTo(true));
  }

  @Test
  void lookupFindsAccessAndRefreshTokens() {
    Issued issued = issue(Fixtures.account().refreshEnabled().create());
    String clientId = issued.client().clientId;
    String jti = jti(issued.client(), issued.access());
    String family = families(clientId).get(0);
    internal()
        .get("/internal/v1/tokens/" + jti)
        .then()
        .statusCode(200)
        .body("jti", equalTo(jti))
        .body("token_type", equalTo("access_token"))
        .body("client_id", equalTo(clientId))
        .body("subject", equalTo(clientId))
        .body("scope", equalTo("orders:read orders:write"))
        .body("family_id", equalTo(family))
        .body("status", equalTo("active"))
        .body("issued_at", notNullValue())
        .body("expires_at", notNullValue())
        .body("revoked_at", nullValue());

    String refreshId =
        Fixtures.column("SELECT id::text FROM refresh_tokens WHERE client_id = ?", clientId).get(0);
    assertNotEquals(jti, refreshId);
    internal()
        .get("/internal/v1/tokens/" + refreshId)
        .then()
        .statusCode(200)
        .body("token_type", equalTo("refresh_token"))
        .body("family_id", equalTo(family))
        .body("status", equalTo("active"));

    // RFC 7009 revocation by the client shows as revoked.
    issued.client().revoke(issued.access()).then().statusCode(200);
    internal()
        .get("/internal/v1/tokens/" + jti)
        .then()
        .statusCode(200)
        .body("status", equalTo("revoked"))
        .body("revoke_reason", equalTo("client_revocation"))
        .body("scope", equalTo("orders:read orders:write"));
  }

  @Test
  void badRequestsAndUnknownIds() {
    internal()
        .get("/internal/v1/tokens/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    internal().get("/internal/v1/tokens/no-such-jti").then().statusCode(404);
    internal().get("/internal/v1/tokens/bad%20jti").then().statusCode(400);
    internal()
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    internal()
        .queryParam("client_id", "a")
        .queryParam("subject", "b")
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(400);
    internal()
        .queryParam("client_id", "a")
        .queryParam("status", "rotated")
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(400);
    internal()
        .queryParam("client_id", "a")
        .queryParam("limit", 0)
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(400);
    internal()
        .queryParam("client_id", "a")
        .queryParam("cursor", "garbage!")
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(400);
    internal()
        .queryParam("client_id", "nobody")
        .get("/internal/v1/tokens/families")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    internal()
        .body("{\"actor\":\"a\"}")
        .post("/internal/v1/tokens/families/" + UUID.randomUUID() + "/revoke")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    internal()
        .body("{\"actor\":\"a\"}")
        .post("/internal/v1/tokens/families/not-a-uuid/revoke")
        .then()
        .statusCode(400);
    internal()
        .body("{\"reason\":\"x\"}")
        .post("/internal/v1/tokens/families/" + UUID.randomUUID() + "/revoke")
        .then()
        .statusCode(400);
    internal()
        .body("{\"actor\":\"a\"}")
        .post("/internal/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    internal()
        .body("{\"client_id\":\"a\",\"subject\":\"b\",\"actor\":\"a\"}")
        .post("/internal/v1/tokens/revocations")
        .then()
        .statusCode(400);
    internal().body("{not json").post("/internal/v1/tokens/revocations").then().statusCode(400);
  }

  @Test
  void onlyInternalCallers() {
    String other = "Bearer " + tokens.bearer(Fixtures.activeAccount("admin"), "signet:admin");
    String family = UUID.randomUUID().toString();
    for (String bearer : new String[] {null, other}) {
      int expected = bearer == null ? 401 : 403;
      var spec = given().contentType("application/json");
      if (bearer != null) {
        spec = spec.header("Authorization", bearer);
      }
      spec.queryParam("client_id", "a")
          .get("/internal/v1/tokens/families")
          .then()
          .statusCode(expected);
      spec.body("{\"actor\":\"a\"}")
          .post("/internal/v1/tokens/families/" + family + "/revoke")
          .then()
          .statusCode(expected);
      spec.body("{\"client_id\":\"a\",\"actor\":\"a\"}")
          .post("/internal/v1/tokens/revocations")
          .then()
          .statusCode(expected);
      spec.get("/internal/v1/tokens/" + family).then().statusCode(expected);
    }
  }
}
