package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cursor pages stay stable while accounts are created between page requests. */
@QuarkusTest
class ServiceAccountPaginationTest {

  @Inject TestTokens tokens;

  private String create(String token, String team, String name) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body("{\"name\":\"" + name + "\",\"scopes\":[],\"team\":\"" + team + "\"}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(201)
        .extract()
        .path("client_id");
  }

  private JsonPath page(String token, String team, String cursor) {
    var request = given().auth().oauth2(token).queryParam("team", team).queryParam("limit", 2);
    if (cursor != null) {
      request.queryParam("cursor", cursor);
    }
    return request.get("/v1/service-accounts").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void pagesNeitherRepeatNorSkipRowsWhileRowsAreInserted() {
    String token = tokens.bearer("alice", "signet:admin");
    String team = "page-" + UUID.randomUUID();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(create(token, team, "before-" + i));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int inserted = 0;
    do {
      JsonPath p = page(token, team, cursor);
      seen.addAll(p.getList("items.client_id"));
      cursor = p.getString("next_cursor");
      // Another admin creates accounts between our page requests.
      expected.add(create(token, team, "during-" + inserted++));
    } while (cursor != null);

    // Everything that existed is seen once, in creation order; new rows land at the end.
    assertEquals(expected.subList(0, seen.size()), seen);
    assertEquals(seen.size(), seen.stream().distinct().count());

    JsonPath last = page(token, team, null);
    assertEquals(2, last.getList("items").size());
  }

  @Test
  void lastPageHasNoCursor() {
    String token = tokens.bearer("alice", "signet:admin");
    String team = "page-" + UUID.randomUUID();
    create(token, team, "only");
    assertNull(page(token, team, null).getString("next_cursor"));
  }
}
