package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** Follows next_cursor from the first page to the last; each page is checked on the way. */
  private List<List<String>> allPages(String token, String team, Runnable betweenPages) {
    List<List<String>> pages = new ArrayList<>();
    String cursor = null;
    do {
      JsonPath p = page(token, team, cursor);
      List<String> items = p.getList("items.client_id");
      cursor = p.getString("next_cursor");
      pages.add(items);
      assertTrue(items.size() <= 2, "a page holds at most limit items: " + items);
      if (cursor != null) {
        assertEquals(2, items.size(), "only the last page may be short: " + pages);
      }
      assertTrue(pages.size() <= 20, "the cursor never reaches an end: " + pages);
      if (cursor != null) {
        betweenPages.run();
      }
    } while (cursor != null);
    return pages;
  }

  @Test
  void pagesNeitherRepeatNorSkipRowsWhileRowsAreInserted() {
    String token = tokens.bearer("alice", "signet:admin");
    String team = "page-" + UUID.randomUUID();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(create(token, team, "before-" + i));
    }

    // Another admin creates an account between our page requests, twice; new rows land at the end.
    int[] inserted = {0};
    List<List<String>> pages =
        allPages(
            token,
            team,
            () -> {
              if (inserted[0] < 2) {
                expected.add(create(token, team, "during-" + inserted[0]++));
              }
            });

    // Every page to the end: 7 rows in pages of 2, each row once, in creation order.
    assertEquals(2, inserted[0]);
    assertEquals(
        List.of(
            expected.subList(0, 2),
            expected.subList(2, 4),
            expected.subList(4, 6),
            expected.subList(6, 7)),
        pages);
    List<String> seen = pages.stream().flatMap(List::stream).toList();
    assertEquals(expected, seen, "the full set, not a prefix");

    // Walked again from the start with nothing inserted, the pages hold the same full set.
    assertEquals(pages, allPages(token, team, () -> {}));
  }

  @Test
  void anExactMultipleOfTheLimitEndsWithoutAnEmptyPage() {
    String token = tokens.bearer("alice", "signet:admin");
    String team = "page-" + UUID.randomUUID();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      expected.add(create(token, team, "row-" + i));
    }
    assertEquals(
        List.of(expected.subList(0, 2), expected.subList(2, 4)), allPages(token, team, () -> {}));
  }

  @Test
  void lastPageHasNoCursor() {
    String token = tokens.bearer("alice", "signet:admin");
    String team = "page-" + UUID.randomUUID();
    String only = create(token, team, "only");
    JsonPath page = page(token, team, null);
    assertEquals(List.of(only), page.getList("items.client_id"));
    assertNull(page.getString("next_cursor"));
  }
}
